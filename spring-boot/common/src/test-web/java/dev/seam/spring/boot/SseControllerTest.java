package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.sse.SseEndpoint;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseProducer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Over real HTTP on the module's embedded server (Tomcat, Boot's default, in the autoconfigure
 * modules; Jetty in the {@code *-jetty-test} modules): a controller returns an {@link SseProducer};
 * a client resumes with {@code Last-Event-ID}; and closing the application with open streams and
 * Boot's graceful shutdown (30 s per phase) gives every stream its farewell and ends within the
 * endpoint's grace, where a plain Boot application waits out the 30 s. A quiet stream gets
 * keep-alive comments.
 */
class SseControllerTest {
  private static final int STREAMS = 20;

  @Test
  void producersStreamResumeAndGetTheirFarewellBeforeTheGracefulShutdownWaits() throws Exception {
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(App.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "server.shutdown=graceful",
                "spring.lifecycle.timeout-per-shutdown-phase=30s",
                "seam.lanes.sse.max-concurrency=" + (STREAMS + 5),
                "seam.jdbc.enabled=false")
            .run();
    List<Socket> clients = new ArrayList<>();
    boolean closed = false;
    try {
      WebServers.assertExpected(app);
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      String resumed = readUntil(open(port, "7"), "data: tick 8\n");
      assertThat(resumed)
          .startsWith("HTTP/1.1 200")
          .contains("text/event-stream")
          .contains("id: 8\n");
      for (int i = 0; i < STREAMS; i++) {
        Socket s = open(port, null);
        clients.add(s);
        assertThat(readUntil(s, "data: tick 1\n")).contains("id: 1\n");
      }
      long start = System.nanoTime();
      app.close();
      closed = true;
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("close with %d open streams: %d ms%n", STREAMS, took.toMillis());
      assertThat(took).isLessThan(Duration.ofSeconds(6)); // the endpoint's 5 s grace + 1 s
      for (Socket s : clients) {
        assertThat(readToEnd(s)).contains(": server shutting down\n").contains("retry: 5000\n");
      }
    } finally {
      for (Socket s : clients) {
        s.close();
      }
      if (!closed) {
        app.close();
      }
    }
  }

  @Test
  void aQuietStreamGetsKeepAliveComments() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(App.class, QuickKeepAlive.class)
            .properties("server.port=0", "server.address=127.0.0.1", "seam.jdbc.enabled=false")
            .run()) {
      WebServers.assertExpected(app);
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      try (Socket s = open(port, null)) {
        readUntil(s, "data: tick 1\n");
        // A comment line alone (":"), in a chunk of its own: nothing else on the stream has it.
        readUntil(s, "\n:\n");
      }
    }
  }

  private static Socket open(int port, String lastEventId) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(20_000);
    OutputStream out = s.getOutputStream();
    String resume = lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n";
    out.write(
        ("GET /ticks HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + resume
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  // Chunked transfer encoding splits the body, but an event's lines arrive whole in one chunk.
  private static String readUntil(Socket s, String marker) throws Exception {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int b = in.read();
      assertThat(b).as("stream ended before %s: %s", marker, seen).isNotEqualTo(-1);
      seen.write(b);
    }
    return seen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  private static String readToEnd(Socket s) throws Exception {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Ticks.class)
  static class App {}

  /** The application's own endpoint, as a user declares one: keep-alive every 200 ms. */
  @Configuration(proxyBeanMethods = false)
  static class QuickKeepAlive {
    @Bean
    SseEndpoint quickKeepAliveEndpoint(@Qualifier("sse") Seam sse) {
      return SseEndpoint.builder(sse).keepAlive(Duration.ofMillis(200)).build();
    }
  }

  @RestController
  static class Ticks {
    @GetMapping("/ticks")
    SseProducer ticks() {
      return emitter -> {
        long next = emitter.request().lastEventId().map(Long::parseLong).orElse(0L) + 1;
        emitter.send(SseEvent.of("tick " + next).id(Long.toString(next)));
        new CountDownLatch(1).await(); // an open stream until the client or the server leaves
      };
    }
  }
}
