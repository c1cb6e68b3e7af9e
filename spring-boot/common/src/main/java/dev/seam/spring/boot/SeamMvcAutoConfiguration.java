package dev.seam.spring.boot;

import dev.seam.spring.boot.internal.CancellingFutureHandler;
import dev.seam.spring.boot.internal.ClientDisconnects;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
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
 * <p>A client that closes its connection while its request waits is noticed at once on plain
 * HTTP/1.x with Boot's embedded Tomcat (NIO connector) or Jetty: one daemon thread watches those
 * connections with a selector of its own, without reading them. Turn that off with {@code
 * seam.mvc.disconnect-detection=false}; then, and on other servers, HTTP/2 and TLS on Jetty, the
 * MVC async timeout is what cancels a call whose client left.
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
  static BeanPostProcessor seamCancellingFutureHandlerInstaller(
      ObjectProvider<ClientDisconnects> disconnects) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter
            && adapter.getReturnValueHandlers() != null) {
          List<HandlerMethodReturnValueHandler> handlers =
              new ArrayList<>(adapter.getReturnValueHandlers());
          handlers.add(0, new CancellingFutureHandler(disconnects.getIfAvailable()));
          adapter.setReturnValueHandlers(handlers);
        }
        return bean;
      }
    };
  }

  /**
   * The watcher of clients that leave while their request waits; its thread starts at the first
   * watched request and stops when the context closes.
   *
   * @return the watcher
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnBooleanProperty(name = "seam.mvc.disconnect-detection", matchIfMissing = true)
  static ClientDisconnects seamClientDisconnects() {
    return new ClientDisconnects();
  }
}
