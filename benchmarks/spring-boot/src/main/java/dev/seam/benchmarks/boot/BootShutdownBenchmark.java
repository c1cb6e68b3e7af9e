package dev.seam.benchmarks.boot;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseProducer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Graceful shutdown of a real Boot 4 application with open SSE streams: {@code -Dstreams} clients
 * (1,000) each hold a stream open, then the application is closed with {@code
 * server.shutdown=graceful} and Boot's 30 s per phase. Measured: how long {@code close()} takes,
 * how many streams received the farewell, and when each stream ended, for a controller that returns
 * Seam's {@code SseProducer} and for one that returns Spring's plain {@code SseEmitter}.
 *
 * <p>Usage: {@code -Dserver=tomcat|jetty -Dstreams=1000 -Dmode=seam|emitter|both -Dcap=40}; a
 * {@code close()} still running after {@code cap} seconds is reported as such (the JVM then exits).
 * Clients and server share the JVM (each client one small-stack reader thread).
 */
public final class BootShutdownBenchmark {
  private static final String FAREWELL = ": server shutting down";

  private BootShutdownBenchmark() {}

  /**
   * Runs the measurement.
   *
   * @param args unused; see the system properties above
   * @throws Exception if a stream cannot be opened
   */
  public static void main(String[] args) throws Exception {
    String server = System.getProperty("server", "tomcat");
    int streams = Integer.getInteger("streams", 1000);
    int cap = Integer.getInteger("cap", 40);
    String mode = System.getProperty("mode", "both");
    List<String> modes = mode.equals("both") ? List.of("seam", "emitter") : List.of(mode);
    System.out.printf(
        "Boot %s on %s, %d open streams, server.shutdown=graceful, 30 s per phase, JDK %s%n",
        org.springframework.boot.SpringBootVersion.getVersion(),
        server,
        streams,
        Runtime.version());
    for (String m : modes) {
      run(server, m, streams, cap);
    }
    System.exit(0); // an emitter run may leave the server closing past the cap
  }

  private static void run(String server, String mode, int streams, int cap) throws Exception {
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(App.class)
            .properties(
                Servers.properties(
                    server,
                    // No DataSource here: leave JDBC's auto-configuration out.
                    List.of(
                        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"),
                    "server.shutdown=graceful",
                    "spring.lifecycle.timeout-per-shutdown-phase=30s",
                    // Every open stream's producer holds a worker of the lane sse.
                    "seam.lanes.sse.max-concurrency=" + (streams + 10),
                    "seam.jdbc.enabled=false"))
            .run();
    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    System.out.printf("%n[%s] running on %s%n", mode, Servers.running(app));
    String path = mode.equals("seam") ? "/seam" : "/emitter";
    List<Client> clients = new ArrayList<>();
    long opening = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      try {
        clients.add(Client.open(port, path));
      } catch (IOException e) {
        throw new IOException("stream " + (i + 1) + " of " + streams + ": " + e.getMessage(), e);
      }
    }
    System.out.printf(
        "%n[%s] %d streams open (%d ms to open them)%n",
        mode, streams, (System.nanoTime() - opening) / 1_000_000);
    CountDownLatch ended = new CountDownLatch(streams);
    long start = System.nanoTime();
    for (Client c : clients) {
      c.readToEnd(start, ended);
    }
    Thread closer = new Thread(app::close, "close");
    closer.start();
    closer.join(TimeUnit.SECONDS.toMillis(cap));
    long closeMs = (System.nanoTime() - start) / 1_000_000;
    if (closer.isAlive()) {
      System.out.printf("[%s] close(): still running after %d s (capped)%n", mode, cap);
    } else {
      System.out.printf("[%s] close(): %d ms%n", mode, closeMs);
    }
    ended.await(Math.max(1, cap * 1000L - closeMs), TimeUnit.MILLISECONDS);
    int farewells = 0;
    int open = 0;
    List<Double> ends = new ArrayList<>();
    for (Client c : clients) {
      if (c.sawFarewell) {
        farewells++;
      }
      if (c.endedMs < 0) {
        open++;
      } else {
        ends.add((double) c.endedMs);
      }
      c.close();
    }
    double[] sorted = ends.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "[%s] farewell received by %d of %d streams; %d still open at the end%n",
        mode, farewells, streams, open);
    if (sorted.length > 0) {
      System.out.printf(
          "[%s] stream ended after close() began: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          mode,
          Servers.percentile(sorted, 50),
          Servers.percentile(sorted, 99),
          sorted[sorted.length - 1]);
    }
  }

  /** One stream's client: a socket and a reader thread with a small stack. */
  private static final class Client {
    private final Socket socket;
    volatile boolean sawFarewell;
    volatile long endedMs = -1;

    private Client(Socket socket) {
      this.socket = socket;
    }

    static Client open(int port, String path) throws IOException {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Open means the first event arrived (Spring writes "data:tick 1", Seam "data: tick 1").
      InputStream in = s.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      while (!seen.toString(StandardCharsets.US_ASCII).contains("tick 1")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("stream ended before its first event: " + seen);
        }
        seen.write(b);
      }
      return new Client(s);
    }

    void readToEnd(long start, CountDownLatch ended) throws IOException {
      socket.setSoTimeout(0); // until the server ends the stream
      Thread t =
          new Thread(
              null,
              () -> {
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                byte[] buf = new byte[512];
                try {
                  InputStream in = socket.getInputStream();
                  for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    rest.write(buf, 0, n);
                    if (rest.toString(StandardCharsets.UTF_8).contains(FAREWELL)) {
                      sawFarewell = true;
                    }
                  }
                } catch (IOException e) {
                  // reset by the server: ended all the same
                }
                endedMs = (System.nanoTime() - start) / 1_000_000;
                ended.countDown();
              },
              "client",
              64 * 1024);
      t.setDaemon(true);
      t.start();
    }

    void close() throws IOException {
      socket.close();
    }
  }

  /** The application: one stream endpoint per kind. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Streams.class)
  static class App {}

  /** The same stream two ways: one event, then open until the client or the server leaves. */
  @RestController
  static class Streams {
    @GetMapping("/seam")
    SseProducer seam() {
      return emitter -> {
        emitter.send(SseEvent.of("tick 1").id("1"));
        new CountDownLatch(1).await(); // cancelled (interrupted) at shutdown, after the farewell
      };
    }

    @GetMapping("/emitter")
    SseEmitter emitter() throws IOException {
      SseEmitter emitter = new SseEmitter(0L); // no async timeout, as for a long-lived stream
      emitter.send(SseEmitter.event().id("1").data("tick 1"));
      return emitter;
    }
  }
}
