package dev.seam.spring.boot;

import dev.seam.spring.boot.internal.CancellingFutureHandler;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC: a controller method that returns a seam's {@code CompletableFuture} has the call
 * cancelled when the client goes away or the MVC async timeout ({@code
 * spring.mvc.async.request-timeout}) fires, so the cancel reaches the resource (a JDBC {@code
 * Statement.cancel()}). This applies to every {@code CompletionStage} a controller returns; turn it
 * off with {@code seam.mvc.cancel-futures=false}, for example if controllers return futures shared
 * between requests.
 *
 * @since 0.1
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RequestMappingHandlerAdapter.class)
@ConditionalOnBooleanProperty(name = "seam.mvc.cancel-futures", matchIfMissing = true)
public class SeamMvcAutoConfiguration {

  /**
   * Puts the cancelling handler before Spring's own handler of futures.
   *
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor seamCancellingFutureHandlerInstaller() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter
            && adapter.getReturnValueHandlers() != null) {
          List<HandlerMethodReturnValueHandler> handlers =
              new ArrayList<>(adapter.getReturnValueHandlers());
          handlers.add(0, new CancellingFutureHandler());
          adapter.setReturnValueHandlers(handlers);
        }
        return bean;
      }
    };
  }
}
