package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broadcaster over an {@link SseEventLog} other than the in-memory one: a log whose follower lags
 * behind its appends, as a remote log's follower on another server does, and a log that fails.
 */
@ExtendWith(SeamLeakCheck.class)
class EventLogSpiTest {
  private final Seam seam = Seam.builder("sse-log").maxConcurrency(1).maxQueued(0).build();
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

  private void serve(SseBroadcaster broadcaster) throws Exception {
    endpoint = SseEndpoint.builder(seam).maxStreams(4).retryAfter(Duration.ofMillis(300)).build();
    server = TestServer.jetty(endpoint, broadcaster);
  }

  /** Events are stored at once but reach followers only when the test says so. */
  static final class LaggingLog implements SseEventLog {
    final List<SseEvent> stored = new CopyOnWriteArrayList<>();
    final List<Follower> followers = new CopyOnWriteArrayList<>();
    volatile RuntimeException readFailure;
    // Reads return what was stored when they were made, once the test opens this gate.
    volatile CompletableFuture<Void> readGate = CompletableFuture.completedFuture(null);
    int delivered;

    @Override
    public String append(String stream, SseEvent event) {
      SseEvent e = event.id(stored.size() + 1);
      stored.add(e);
      return e.id();
    }

    /** The follower catches up to the first {@code n} stored events. */
    synchronized void deliverUpTo(int n) {
      for (; delivered < n; delivered++) {
        for (Follower f : followers) {
          f.event(stored.get(delivered));
        }
      }
    }

    @Override
    public CompletableFuture<Replay> readAfter(String stream, String lastEventId) {
      if (readFailure != null) {
        return CompletableFuture.failedFuture(readFailure);
      }
      int from = Integer.parseInt(lastEventId);
      Replay replay = Replay.events(new ArrayList<>(stored.subList(from, stored.size())));
      return readGate.thenApply(v -> replay);
    }

    @Override
    public CompletableFuture<Optional<SseEvent>> latest(String stream) {
      return CompletableFuture.completedFuture(
          stored.isEmpty() ? Optional.empty() : Optional.of(stored.get(stored.size() - 1)));
    }

    @Override
    public Following follow(String stream, Follower follower) {
      followers.add(follower);
      return new Following() {
        @Override
        public CompletableFuture<Void> ready() {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
          followers.remove(follower);
        }
      };
    }

    @Override
    public int compareIds(String a, String b) {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }
  }

  @Test
  void aClientAheadOfALaggingFollowerGetsNoDuplicateAndNothingOutOfOrder() throws Exception {
    LaggingLog log = new LaggingLog();
    SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
    serve(broadcaster);
    for (int i = 1; i <= 5; i++) {
      broadcaster.send(SseEvent.of("v" + i)); // stored, not yet seen by this server's follower
    }
    // The client saw event 3 on another server; this server's follower has seen nothing yet.
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"), "Last-Event-ID: 3")) {
      assertThat(c.awaitEvent(2).data()).isEqualTo("v5"); // replayed: 4, 5
      log.deliverUpTo(5); // the follower catches up with 1..5: all old news for this client
      broadcaster.send(SseEvent.of("v6"));
      log.deliverUpTo(6);
      assertThat(c.awaitEvent(3)).isEqualTo(new Dispatched("message", "v6", "6"));
      assertThat(c.parser().events())
          .extracting(Dispatched::data)
          .containsExactly("v4", "v5", "v6");
    }
  }

  @Test
  void liveEventsThatArriveDuringTheReplayAreSentOnceInOrder() throws Exception {
    LaggingLog log = new LaggingLog();
    SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
    serve(broadcaster);
    for (int i = 1; i <= 4; i++) {
      broadcaster.send(SseEvent.of("v" + i));
    }
    log.deliverUpTo(4);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"), "Last-Event-ID: 2")) {
      broadcaster.send(SseEvent.of("v5"));
      log.deliverUpTo(5);
      assertThat(c.awaitEvent(3).data()).isEqualTo("v5");
      assertThat(c.parser().events())
          .extracting(Dispatched::data)
          .containsExactly("v3", "v4", "v5");
    }
  }

  @Test
  void moreLiveEventsThanTheBufferHoldsDuringASlowReplayAreReadAgainFromTheLog() throws Exception {
    LaggingLog log = new LaggingLog();
    SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
    serve(broadcaster); // the default buffer: 64 events
    for (int i = 1; i <= 5; i++) {
      broadcaster.send(SseEvent.of("v" + i));
    }
    log.deliverUpTo(5);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    log.readGate = gate; // the replay read (events 4 and 5) is slow
    // The headers come with the replay: the client waits for them on another thread.
    CompletableFuture<RawSseClient> opening =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return RawSseClient.open(server.uri("/events/job"), "Last-Event-ID: 3");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> log.followers.size() == 1);
    for (int i = 6; i <= 205; i++) { // 200 live events arrive while the replay is read
      broadcaster.send(SseEvent.of("v" + i));
    }
    log.deliverUpTo(205);
    gate.complete(null);
    try (RawSseClient c = opening.get(10, java.util.concurrent.TimeUnit.SECONDS)) {
      c.awaitEvent(202);
      broadcaster.send(SseEvent.of("v206"));
      log.deliverUpTo(206);
      assertThat(c.awaitEvent(203)).isEqualTo(new Dispatched("message", "v206", "206"));
      List<String> expected = new ArrayList<>();
      for (int i = 4; i <= 206; i++) {
        expected.add("v" + i);
      }
      assertThat(c.parser().events())
          .extracting(Dispatched::data)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aLogThatCannotBeReadAsksTheClientToComeBackAndAFailedFollowerEndsStreamsWithARetryHint()
      throws Exception {
    LaggingLog log = new LaggingLog();
    SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
    serve(broadcaster);
    broadcaster.send(SseEvent.of("v1"));
    log.readFailure = new SseEventLogException("fake", "log away", null);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"), "Last-Event-ID: 1")) {
      assertThat(c.status).isEqualTo(200); // browsers treat anything else as final
      c.readToEnd();
      assertThat(c.parser().retry()).isBetween(300L, 450L);
      assertThat(c.parser().events()).isEmpty();
    }
    log.readFailure = null;
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> log.followers.size() == 1);
      log.followers.get(0).failed(new IllegalStateException("connection lost"));
      c.readToEnd();
      assertThat(c.parser().retry()).isBetween(300L, 450L);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 0);
  }

  @Test
  void theFollowerRunsOnlyWhileTheBroadcasterHasSubscribers() throws Exception {
    LaggingLog log = new LaggingLog();
    SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
    serve(broadcaster);
    assertThat(log.followers).isEmpty();
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"))) {
      assertThat(log.followers).hasSize(1);
      broadcaster.close();
      c.readToEnd();
    }
    assertThat(log.followers).isEmpty();
  }

  @Test
  void badArgumentsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> SseEventLog.inMemory(0)).hasMessage("replay capacity < 1: 0");
    assertThatThrownBy(() -> SseBroadcaster.withLog(" ", SseEventLog.inMemory(1)))
        .hasMessage("stream name is blank: ' '");
    assertThatThrownBy(() -> SseEventLog.inMemory(4).compareIds("1", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }

  @Test
  void theInMemoryLogNumbersEachStreamOnItsOwnAndGivesItsLatestEvent() throws Exception {
    SseEventLog log = SseEventLog.inMemory(2);
    String a1 = log.append("a", SseEvent.of("a1").id("ignored"));
    String b1 = log.append("b", SseEvent.of("b1"));
    assertThat(a1).matches("[0-9a-z]{6}-1");
    assertThat(b1).matches("[0-9a-z]{6}-1");
    String a = a1.substring(0, 7); // the stream's epoch and its dash
    assertThat(log.append("a", SseEvent.of("a2"))).isEqualTo(a + "2");
    assertThat(log.append("a", SseEvent.of("a3"))).isEqualTo(a + "3");
    assertThat(log.latest("a").get()).get().extracting(SseEvent::data).isEqualTo("a3");
    assertThat(log.readAfter("a", a1).get().events())
        .extracting(SseEvent::id)
        .containsExactly(a + "2", a + "3");
    assertThat(log.readAfter("a", a + "0").get().latestId()).isEqualTo(a + "3"); // 1 is gone
    assertThat(log.compareIds(a + "3", a + "2")).isPositive();
  }
}
