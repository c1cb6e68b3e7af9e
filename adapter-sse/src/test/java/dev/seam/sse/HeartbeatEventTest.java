package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The optional named heartbeat: with {@code heartbeatEvent("heartbeat")} an idle stream's
 * keep-alive is an event a spec client dispatches (so page code can watch it), carrying no id, so
 * the id the client resumes from stays the last real event's; without it, keep-alives stay comments
 * that dispatch nothing.
 */
@ExtendWith(SeamLeakCheck.class)
class HeartbeatEventTest {
  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-heartbeat").maxConcurrency(2).build();
  private SseEndpoint endpoint;
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void anIdleStreamGetsANamedHeartbeatEventEachIntervalThatLeavesTheLastIdAlone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    endpoint =
        SseEndpoint.builder(seam)
            .clock(clock)
            .keepAlive(Duration.ofSeconds(15))
            .heartbeatEvent("heartbeat")
            .build();
    server = TestServer.jetty(endpoint, idleAfterOneEvent(release));
    try (RawSseClient c = RawSseClient.open(server.uri("/events/hb"))) {
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("progress", "1", "7"));
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15));
      assertThat(c.awaitEvent(2)).isEqualTo(new SpecParser.Dispatched("heartbeat", "", "7"));
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15));
      assertThat(c.awaitEvent(3)).isEqualTo(new SpecParser.Dispatched("heartbeat", "", "7"));
      assertThat(c.parser().comments()).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void withoutTheOptionKeepAlivesAreCommentsThatDispatchNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    endpoint = SseEndpoint.builder(seam).clock(clock).keepAlive(Duration.ofSeconds(15)).build();
    server = TestServer.jetty(endpoint, idleAfterOneEvent(release));
    try (RawSseClient c = RawSseClient.open(server.uri("/events/hb"))) {
      c.awaitEvent(1);
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15));
      c.awaitComments(1);
      assertThat(c.parser().events()).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aHeartbeatNameThatCouldForgeAFieldOrCollideWithTheBrowsersOwnEventsIsRefused() {
    for (String bad : new String[] {"beat\nid: 9", "beat\r", "", "message", "error", "open"}) {
      SseEndpointBuilder b = SseEndpoint.builder(seam).heartbeatEvent(bad);
      assertThatThrownBy(b::build)
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("heartbeatEvent");
    }
  }

  private static SseProducer idleAfterOneEvent(CountDownLatch release) {
    return emitter -> {
      emitter.send(SseEvent.of("progress", "1").id(7));
      release.await();
    };
  }

  /** Only the keep-alive tick is scheduled: no write's deadline guard is in flight. */
  private void awaitWriterIdle() {
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 1);
  }
}
