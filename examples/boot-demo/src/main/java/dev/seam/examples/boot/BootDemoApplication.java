package dev.seam.examples.boot;

import dev.seam.Seam;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 application whose only Seam wiring is the starter and {@code
 * application.properties}: a reprice job runs on the lane {@code jobs} through {@code @SeamAsync},
 * and the page at {@code /} follows it through a controller's {@code SseProducer}.
 *
 * <p>Start it with {@code mvn -B -ntp -pl examples/boot-demo -am compile exec:java}, then open
 * http://localhost:8080/.
 */
@SpringBootApplication
public class BootDemoApplication {

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, such as {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(BootDemoApplication.class, args);
  }

  /**
   * The endpoint the starter would make, with a farewell the page can see: a named event instead of
   * the default comment, and the same {@code retry:} hint.
   *
   * @param sse the lane {@code sse}
   * @return the endpoint; the starter closes it before the web server's graceful shutdown
   */
  @Bean
  SseEndpoint demoSseEndpoint(@Qualifier("sse") Seam sse) {
    return SseEndpoint.builder(sse)
        .farewell(SseEvent.of("farewell", "server restarting").retry(Duration.ofSeconds(5)))
        .build();
  }
}
