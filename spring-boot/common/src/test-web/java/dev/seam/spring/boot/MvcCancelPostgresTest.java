package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.jdbc.AsyncJdbc;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Over real HTTP on the module's embedded server (Tomcat, Boot's default, in the autoconfigure
 * modules; Jetty in the {@code *-jetty-test} modules): a controller returns an {@link AsyncJdbc}
 * future running {@code pg_sleep}; when the MVC async timeout fires, the client gets Spring's 503
 * and the query leaves {@code pg_stat_activity}. (Plain Spring answers 503 and leaves the query
 * running.) {@link MvcClientLeavesPostgresTest} has the client that closes its socket.
 */
@SpringBootTest(
    classes = MvcCancelPostgresTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.mvc.async.request-timeout=3s",
      "spring.datasource.hikari.maximum-pool-size=4",
      "management.endpoints.web.exposure.include=health,seam"
    })
class MvcCancelPostgresTest {
  private static final AtomicInteger TAGS = new AtomicInteger();

  @Value("${local.server.port}")
  int port;

  @Autowired ApplicationContext context;

  @BeforeAll
  static void postgres() {
    PostgresGate.assumeReachable();
  }

  @DynamicPropertySource
  static void datasource(DynamicPropertyRegistry registry) {
    PostgresGate.datasource(registry);
  }

  @Test
  void theMvcAsyncTimeoutCancelsTheQueryOnTheServer() throws Exception {
    WebServers.assertExpected(context);
    timeoutCancelsTheQuery("/pg/sleep/");
  }

  @Test
  void theMvcAsyncTimeoutReachesTheQueryThroughADerivedStage() throws Exception {
    timeoutCancelsTheQuery("/pg/sleep-mapped/");
  }

  private void timeoutCancelsTheQuery(String path) throws Exception {
    String tag = "seam-boot-disconnect-" + TAGS.incrementAndGet();
    long start = System.nanoTime();
    try (Socket client = request(port, path + tag.substring(tag.lastIndexOf('-') + 1))) {
      awaitRunning(tag, true);
      client.setSoTimeout(20_000);
      String status = statusLine(client.getInputStream());
      assertThat(status).as("the async timeout's answer").contains(" 503");
      awaitRunning(tag, false);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("gone at the 3 s timeout, long before pg_sleep(30) ends")
        .isLessThan(Duration.ofSeconds(15));
  }

  static Socket request(int port, String path) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  static void awaitRunning(String tag, boolean running) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> activeQueries(tag) == (running ? 1 : 0));
  }

  static int activeQueries(String tag) throws SQLException {
    try (Connection c = PostgresGate.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND query LIKE ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, "%/* " + tag + " */%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(SleepController.class)
  static class App {}

  @RestController
  static class SleepController {
    private final AsyncJdbc jdbc;

    SleepController(AsyncJdbc jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping("/pg/sleep/{n}")
    CompletableFuture<Optional<Integer>> sleep(@PathVariable int n) {
      // n is an int: the comment tags the query for pg_stat_activity, nothing more.
      return jdbc.queryOne(
          "SELECT 1 FROM pg_sleep(30) /* seam-boot-disconnect-" + n + " */", rs -> rs.getInt(1));
    }

    @GetMapping("/pg/sleep-mapped/{n}")
    CompletableFuture<String> sleepMapped(@PathVariable int n) {
      // What a controller usually returns: the call's future mapped to the response body.
      return sleep(n).thenApply(found -> found.map(String::valueOf).orElse("none"));
    }
  }
}
