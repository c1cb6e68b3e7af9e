package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.spring.boot.internal.SseProducerHandler;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Server-Sent Events from Spring MVC controllers: a controller method returns an {@link
 * dev.seam.sse.SseProducer} (ordinary blocking code that sends events), and the stream runs on the
 * lane {@code sse} (configure it as {@code seam.lanes.sse.*}; its {@code max-concurrency} bounds
 * the open streams) with Seam's keep-alive, resume by {@code Last-Event-ID}, backpressure, real
 * statuses and a farewell.
 *
 * <h2>Shutdown</h2>
 *
 * The endpoint closes in a {@link SmartLifecycle} of the default phase, which Spring stops before
 * the web server's graceful shutdown: every open stream gets the farewell ({@code retry:} 5 s) and
 * ends, so the graceful shutdown has no stream to wait for.
 *
 * @since 0.1
 */
@AutoConfiguration(after = SeamAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SseEndpoint.class, RequestMappingHandlerAdapter.class})
public class SeamSseAutoConfiguration {
  /** The lane streams run on. */
  public static final String LANE = "sse";

  /**
   * The endpoint every returned producer streams on.
   *
   * @param beans where the lane {@code sse} is
   * @return the endpoint; closed at shutdown (and again, harmlessly, when destroyed)
   */
  @Bean
  @ConditionalOnMissingBean
  SseEndpoint seamSseEndpoint(BeanFactory beans) {
    Seam lane = beans.getBean(LANE, Seam.class);
    return SseEndpoint.builder(lane)
        .farewell(SseEvent.comment("server shutting down").retry(Duration.ofSeconds(5)))
        .build();
  }

  /**
   * Closes the endpoint before the web server's graceful shutdown starts waiting for requests.
   *
   * @param endpoint the endpoint
   * @return the lifecycle
   */
  @Bean
  SmartLifecycle seamSseShutdown(SseEndpoint endpoint) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        running = false;
        endpoint.close();
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  /**
   * Puts the producer handler before Spring's own return-value handlers.
   *
   * @param endpoint the endpoint, looked up at the first stream
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor seamSseProducerHandlerInstaller(ObjectProvider<SseEndpoint> endpoint) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter
            && adapter.getReturnValueHandlers() != null) {
          List<HandlerMethodReturnValueHandler> handlers =
              new ArrayList<>(adapter.getReturnValueHandlers());
          handlers.add(0, new SseProducerHandler(endpoint::getObject));
          adapter.setReturnValueHandlers(handlers);
        }
        return bean;
      }
    };
  }
}
