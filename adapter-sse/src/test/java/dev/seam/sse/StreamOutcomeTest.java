package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream's normal ends (its stream timeout, the client leaving) are neither timed-out nor
 * cancelled calls: at the defaults, ten of them in one health window leave the seam HEALTHY and
 * count as {@code ended}; a producer that throws still counts as failed.
 */
@ExtendWith(SeamLeakCheck.class)
class StreamOutcomeTest {
  private static final int STREAMS = 10; // the seam's default maxConcurrency, and health's minimum

  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse").clock(clock).build();
  private final SseEndpoint endpoint = SseEndpoint.builder(seam).clock(clock).build();
  private final List<RawSseClient> clients = new ArrayList<>();
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    for (RawSseClient c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
    endpoint.close();
    seam.close();
  }

  /** Producers that send one event, then wait until they are interrupted. */
  private CountDownLatch serveWaitingProducers() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(STREAMS);
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              emitter.send(SseEvent.of("tick", "1").id(1));
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
            });
    for (int i = 0; i < STREAMS; i++) {
      RawSseClient c = RawSseClient.open(server.uri("/events/s" + i));
      clients.add(c);
      c.awaitEvent(1);
    }
    return interrupted;
  }

  @Test
  void streamsThatReachTheirStreamTimeoutEndAndLeaveTheSeamHealthy() throws Exception {
    CountDownLatch interrupted = serveWaitingProducers();
    // The default stream timeout (30 min) in steps of 10 s, probed as a health check would be, so
    // the health window holds the moment the streams end.
    for (int step = 0; step < 180; step++) {
      clock.advance(Duration.ofSeconds(10));
      seam.health();
    }
    for (RawSseClient c : clients) {
      c.readToEnd();
    }
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);

    SeamStats stats = seam.stats();
    assertThat(stats.timedOut()).isZero();
    assertThat(stats.failed()).isZero();
    assertThat(stats.cancelled()).isZero();
    assertThat(stats.ended()).isEqualTo(STREAMS);
    SeamHealth health = seam.health();
    assertThat(health.status()).as(health.reason()).isEqualTo(SeamHealth.Status.HEALTHY);
  }

  @Test
  void streamsWhoseClientsLeaveEndAndLeaveTheSeamHealthy() throws Exception {
    CountDownLatch interrupted = serveWaitingProducers();
    for (RawSseClient c : clients) {
      c.close(); // a browser tab closed
    }
    // Keep-alive probes find the dead clients; health is probed all along.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              clock.advance(Duration.ofSeconds(1));
              seam.health();
              return interrupted.getCount() == 0;
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);

    SeamStats stats = seam.stats();
    assertThat(stats.timedOut()).isZero();
    assertThat(stats.failed()).isZero();
    assertThat(stats.cancelled()).isZero();
    assertThat(stats.ended()).isEqualTo(STREAMS);
    SeamHealth health = seam.health();
    assertThat(health.status()).as(health.reason()).isEqualTo(SeamHealth.Status.HEALTHY);
  }

  @Test
  void aProducerThatThrowsStillCountsAsFailed() throws Exception {
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              emitter.send(SseEvent.of("tick", "1").id(1));
              throw new IllegalStateException("producer broke");
            });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/broken"))) {
      c.readToEnd();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().failed() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    assertThat(seam.stats().ended()).isZero();
    assertThat(seam.stats().timedOut()).isZero();
  }
}
