package dev.seam.benchmarks.boot;

import dev.seam.jdbc.AsyncJdbc;
import jakarta.servlet.http.HttpServletRequest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Client disconnect to PostgreSQL cancel on a real Boot 4 application: a controller returns an
 * {@code AsyncJdbc} future running {@code pg_sleep(30)}; the client waits until the query is in
 * {@code pg_stat_activity}, closes its socket, and the query's end is timed by polling {@code
 * pg_stat_activity} (about every millisecond). Three modes:
 *
 * <ul>
 *   <li>{@code seam} (the starter's defaults): the starter watches the waiting connection and
 *       cancels the call when the client leaves; reported are the time from the socket's close to
 *       the query's end, and that time split at the moment the server cancelled the call. The MVC
 *       async timeout ({@code -DtimeoutMs}, 30,000) plays no part.
 *   <li>{@code timeout}: the watch off ({@code seam.mvc.disconnect-detection=false}, what a server
 *       the starter cannot watch gives), so the call ends at the MVC async timeout; reported are
 *       the close-to-gone time and the time from the server handling the timeout to the query's
 *       end.
 *   <li>{@code plain}: the starter's cancel off ({@code seam.mvc.cancel-futures=false}, as plain
 *       Spring); counts the queries still running two seconds after the client closed.
 * </ul>
 *
 * <p>Usage: {@code -Dserver=jetty|tomcat -Dtries=50 -DtimeoutMs=30000 -Dmode=seam|timeout|plain},
 * with the PostgreSQL of {@code .ci/postgres.sh} (SEAM_PG_URL, SEAM_PG_USER, SEAM_PG_PASSWORD).
 */
public final class BootDisconnectBenchmark {
  private static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  private static final String USER = env("SEAM_PG_USER", "seam");
  private static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  // When the server acted on each request (cancelled it for a client that left, or answered its
  // async timeout), by path (System.nanoTime()).
  private static final Map<String, Long> ACTED = new ConcurrentHashMap<>();

  private BootDisconnectBenchmark() {}

  /**
   * Runs the measurement.
   *
   * @param args unused; see the system properties above
   * @throws Exception if PostgreSQL or the server cannot be reached
   */
  public static void main(String[] args) throws Exception {
    String server = System.getProperty("server", "jetty");
    int tries = Integer.getInteger("tries", 50);
    int timeoutMs = Integer.getInteger("timeoutMs", 30_000);
    String mode = System.getProperty("mode", "seam");
    boolean plain = mode.equals("plain");
    boolean watched = mode.equals("seam");
    try (ConfigurableApplicationContext app =
            new SpringApplicationBuilder(App.class)
                .properties(
                    Servers.properties(
                        server,
                        List.of(),
                        "spring.datasource.url=" + URL,
                        "spring.datasource.username=" + USER,
                        "spring.datasource.password=" + PASSWORD,
                        "spring.datasource.hikari.maximum-pool-size=8",
                        "spring.mvc.async.request-timeout=" + timeoutMs + "ms",
                        "seam.mvc.cancel-futures=" + !plain,
                        "seam.mvc.disconnect-detection=" + watched))
                .run();
        Connection watch = DriverManager.getConnection(URL, USER, PASSWORD)) {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      System.out.printf(
          "Boot %s on %s (%s), %s, spring.mvc.async.request-timeout=%d ms, %d tries, JDK %s%n",
          org.springframework.boot.SpringBootVersion.getVersion(),
          server,
          Servers.running(app),
          plain
              ? "plain Spring (seam.mvc.cancel-futures=false)"
              : watched
                  ? "Seam starter (defaults: the connection watched)"
                  : "Seam starter, watch off (seam.mvc.disconnect-detection=false)",
          timeoutMs,
          tries,
          Runtime.version());
      double[] fromClose = new double[tries];
      double[] fromActed = new double[tries];
      double[] closeToActed = new double[tries];
      int stillRunning = 0;
      for (int i = 0; i < tries; i++) {
        String tag = "seam-boot-bench-" + i;
        ACTED.remove("/pg/sleep/" + i);
        Socket client = request(port, "/pg/sleep/" + i);
        awaitActive(watch, tag, true, 10_000);
        long closed = System.nanoTime();
        client.close();
        if (plain) {
          long checkAt = closed + 2000 * 1_000_000L;
          while (System.nanoTime() < checkAt) {
            Thread.onSpinWait();
          }
          if (active(watch, tag)) {
            stillRunning++;
          }
          cancel(watch, tag); // keep the pool free for the next try
          awaitActive(watch, tag, false, 10_000);
          continue;
        }
        long gone = awaitActive(watch, tag, false, 30_000);
        fromClose[i] = (gone - closed) / 1e6;
        Long acted = ACTED.get("/pg/sleep/" + i);
        fromActed[i] = acted == null ? Double.NaN : (gone - acted) / 1e6;
        closeToActed[i] = acted == null ? Double.NaN : (acted - closed) / 1e6;
      }
      if (plain) {
        System.out.printf(
            "plain: %d of %d queries still running 2 s after the client closed%n",
            stillRunning, tries);
        return;
      }
      report("socket closed -> query gone", fromClose);
      report(
          watched
              ? "socket closed -> call cancelled (the server saw the client leave)"
              : "socket closed -> MVC async timeout handled",
          closeToActed);
      report(
          (watched ? "call cancelled" : "MVC async timeout handled") + " -> query gone", fromActed);
    }
  }

  // A try without the server's timestamp (the container reported the close itself, say) is left
  // out of that split, and the count says so.
  private static void report(String what, double[] all) {
    double[] ms = java.util.Arrays.stream(all).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (ms.length == 0) {
      System.out.printf("%s: no try has this timestamp%n", what);
      return;
    }
    System.out.printf(
        "%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d tries)%n",
        what,
        Servers.percentile(ms, 50),
        Servers.percentile(ms, 99),
        ms[ms.length - 1],
        ms.length,
        all.length);
  }

  private static Socket request(int port, String path) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** Polls until the tagged query is (or is no longer) active; returns System.nanoTime() then. */
  private static long awaitActive(Connection watch, String tag, boolean running, long capMs)
      throws SQLException {
    long until = System.nanoTime() + capMs * 1_000_000L;
    while (active(watch, tag) != running) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            tag + (running ? " never started" : " still running") + " after " + capMs + " ms");
      }
    }
    return System.nanoTime();
  }

  private static boolean active(Connection watch, String tag) throws SQLException {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND query LIKE ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, "%/* " + tag + " */%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static void cancel(Connection watch, String tag) throws SQLException {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE ?"
                + " AND pid <> pg_backend_pid()")) {
      ps.setString(1, "%/* " + tag + " */%");
      ps.executeQuery().close();
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** The application: the controller alone, on the starter's auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Sleep.class)
  static class App {
    // Told of the timeout's answer (503) as the starter's handler sets it, just before it cancels
    // the future: the instant the server acted on the timeout.
    @Bean
    WebMvcConfigurer timeoutClock() {
      return new WebMvcConfigurer() {
        @Override
        public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
          configurer.registerDeferredResultInterceptors(
              new DeferredResultProcessingInterceptor() {
                @Override
                public <T> void postProcess(
                    NativeWebRequest request, DeferredResult<T> result, Object value) {
                  if (value instanceof AsyncRequestTimeoutException
                      || value instanceof AsyncRequestNotUsableException) {
                    HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
                    ACTED.put(http.getRequestURI(), System.nanoTime());
                  }
                }
              });
        }
      };
    }
  }

  /** A controller that returns the seam's future, as the README shows. */
  @RestController
  static class Sleep {
    private final AsyncJdbc jdbc;

    Sleep(AsyncJdbc jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping("/pg/sleep/{n}")
    CompletableFuture<Optional<Integer>> sleep(@PathVariable int n) {
      // n is an int: the comment tags the query for pg_stat_activity, nothing more.
      return jdbc.queryOne(
          "SELECT 1 FROM pg_sleep(30) /* seam-boot-bench-" + n + " */", rs -> rs.getInt(1));
    }
  }
}
