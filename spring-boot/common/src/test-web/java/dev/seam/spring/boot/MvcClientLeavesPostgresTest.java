package dev.seam.spring.boot;

import static dev.seam.spring.boot.MvcCancelPostgresTest.awaitRunning;
import static dev.seam.spring.boot.MvcCancelPostgresTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Over real HTTP on the module's embedded server: a client that closes its socket while its
 * controller's {@code AsyncJdbc} query runs has the query cancelled on the server at once, with the
 * MVC async timeout at 60 s and {@code pg_sleep(30)}: neither can explain the query leaving {@code
 * pg_stat_activity} within the 10 s this test waits. (Plain Spring leaves it running; {@code
 * benchmarks/spring-boot} times the close-to-gone path.)
 */
@SpringBootTest(
    classes = MvcCancelPostgresTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.mvc.async.request-timeout=60s",
      "spring.datasource.hikari.maximum-pool-size=4"
    })
class MvcClientLeavesPostgresTest {
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
  void aClientThatClosesItsSocketHasItsQueryCancelledOnTheServer() throws Exception {
    WebServers.assertExpected(context);
    leaves("/pg/sleep/", 901);
  }

  @Test
  void theCancelReachesTheQueryThroughADerivedStage() throws Exception {
    leaves("/pg/sleep-mapped/", 902);
  }

  private void leaves(String path, int n) throws Exception {
    String tag = "seam-boot-disconnect-" + n;
    Socket client = request(port, path + n);
    awaitRunning(tag, true);
    long closed = System.nanoTime();
    client.close();
    awaitRunning(tag, false); // at most 10 s
    assertThat(Duration.ofNanos(System.nanoTime() - closed))
        .as("gone on the client's close, not at the 60 s timeout nor pg_sleep's 30 s")
        .isLessThan(Duration.ofSeconds(10));
  }
}
