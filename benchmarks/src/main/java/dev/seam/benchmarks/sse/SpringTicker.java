package dev.seam.benchmarks.sse;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The peer: Spring MVC's {@code SseEmitter}, the way its documentation shows it, with the same
 * blocking producer on a thread of its own per stream (a cached platform pool, or a virtual thread
 * per task), sending on that thread.
 */
@RestController
class SpringTicker {
  static ExecutorService producers;

  @GetMapping(path = "/events", produces = "text/event-stream")
  SseEmitter events() {
    SseEmitter emitter = new SseEmitter(3_600_000L);
    Future<?> producer =
        producers.submit(
            () -> {
              try {
                Ticker.run(
                    (seq, data) ->
                        emitter.send(SseEmitter.event().id(Long.toString(seq)).data(data)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                emitter.completeWithError(e);
              }
            });
    emitter.onCompletion(() -> producer.cancel(true));
    emitter.onError(t -> producer.cancel(true));
    emitter.onTimeout(() -> producer.cancel(true));
    return emitter;
  }

  /** The Spring MVC configuration: just this controller. */
  @Configuration
  @EnableWebMvc
  static class Config {
    @Bean
    SpringTicker ticker() {
      return new SpringTicker();
    }
  }
}
