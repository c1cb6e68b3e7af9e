package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that was away for any number of events the log still holds catches up, at the default
 * endpoint settings (a buffer of 64 events, the default overflow policy): the events it missed,
 * then the ones sent while it caught up, each once and in order. The client is a spec-following
 * parser over real HTTP on loopback, reconnecting with the last id it saw, as an EventSource does.
 */
@ExtendWith(SeamLeakCheck.class)
class ResumeAtAnyDistanceTest {
  private static final int LIVE_DURING_CATCH_UP = 300;

  private final Seam seam = Seam.builder("sse-resume").maxConcurrency(2).build();
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

  @ParameterizedTest(name = "{0} missed, Jetty")
  @ValueSource(ints = {100, 1_000, 10_000})
  void aClientThatMissedManyEventsResumesWithNoGapAndNoDuplicateOnJetty(int missed)
      throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("feed", 20_000);
    endpoint = SseEndpoint.builder(seam).build(); // the defaults
    server = TestServer.jetty(endpoint, broadcaster);
    resume(broadcaster, missed);
  }

  @ParameterizedTest(name = "{0} missed, JDK HttpServer")
  @ValueSource(ints = {100, 1_000, 10_000})
  void aClientThatMissedManyEventsResumesWithNoGapAndNoDuplicateOnTheJdkServer(int missed)
      throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("feed", 20_000);
    endpoint = SseEndpoint.builder(seam).build();
    server = TestServer.jdk(endpoint, broadcaster);
    resume(broadcaster, missed);
  }

  private void resume(SseBroadcaster broadcaster, int missed) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    String lastSeen;
    try (RawSseClient first = RawSseClient.open(server.uri("/events/feed"))) {
      assertThat(first.status).isEqualTo(200);
      awaitSubscribers(broadcaster, 1);
      for (int i = 0; i < 5; i++) {
        broadcaster.send(SseEvent.of("tick", Integer.toString(sent.incrementAndGet())));
      }
      lastSeen = first.awaitEvent(5).lastEventId();
    }
    // The server may not have noticed yet that the first connection is gone: that is the point.
    for (int i = 0; i < missed; i++) {
      broadcaster.send(SseEvent.of("tick", Integer.toString(sent.incrementAndGet())));
    }
    try (RawSseClient back =
        RawSseClient.open(server.uri("/events/feed"), "Last-Event-ID: " + lastSeen)) {
      assertThat(back.status).isEqualTo(200);
      assertThat(back.header("Content-Type")).startsWith("text/event-stream");
      // Live events keep coming while the client catches up, as in a failover: at most 32 ahead
      // of what the client has received of them, as a stream its clients keep up with.
      Semaphore ahead = new Semaphore(32);
      CompletableFuture<Void> live =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < LIVE_DURING_CATCH_UP; i++) {
                  ahead.acquireUninterruptibly();
                  broadcaster.send(SseEvent.of("tick", Integer.toString(sent.incrementAndGet())));
                }
              });
      for (int n = 1; n <= missed + LIVE_DURING_CATCH_UP; n++) {
        back.awaitEvent(n);
        if (n > missed) {
          ahead.release();
        }
      }
      live.get(30, TimeUnit.SECONDS);
      List<Dispatched> got = back.parser().events();
      List<String> expected = new ArrayList<>();
      for (int i = 6; i <= 5 + missed + LIVE_DURING_CATCH_UP; i++) {
        expected.add(Integer.toString(i));
      }
      assertThat(got).extracting(Dispatched::data).containsExactlyElementsOf(expected);
      assertThat(got) // <epoch>-<n>: one epoch, the numbers in order
          .extracting(d -> d.lastEventId().substring(d.lastEventId().indexOf('-') + 1))
          .containsExactlyElementsOf(expected);
      assertThat(got)
          .extracting(d -> d.lastEventId().substring(0, d.lastEventId().indexOf('-')))
          .containsOnly(lastSeen.substring(0, lastSeen.indexOf('-')));
    }
  }

  private static void awaitSubscribers(SseBroadcaster broadcaster, int n) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> broadcaster.subscribers() == n);
  }
}
