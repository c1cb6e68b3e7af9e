package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client cut from one replica that missed any number of events PostgreSQL still holds resumes on
 * another replica with no gap and no duplicate, at the default endpoint and log settings (a buffer
 * of 64 events, the default overflow policy), while events keep coming. The client is a
 * spec-following parser over real HTTP on loopback that reconnects with the last id it saw.
 */
@ExtendWith(SeamLeakCheck.class)
class ResumeAtAnyDistanceTest {
  private static final int LIVE_DURING_CATCH_UP = 300;
  private static final String STREAM = "job";

  private final String prefix = PgServer.prefix("resume");
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Queue<String> acked = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void postgres() {
    PgServer.assumeReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    PgServer.dropTables(prefix);
  }

  @ParameterizedTest(name = "{0} missed")
  @ValueSource(ints = {100, 1_000, 10_000})
  void aClientThatMissedManyEventsResumesOnAnotherReplicaWithNoGapAndNoDuplicate(int missed)
      throws Exception {
    Replica sender = closing(new Replica("a", prefix, STREAM));
    Replica left = closing(new Replica("b", prefix, STREAM));
    Replica resumed = closing(new Replica("c", prefix, STREAM));
    AtomicInteger sent = new AtomicInteger();
    acked.clear();
    String lastSeen;
    try (RawSseClient first = left.subscribe(STREAM)) {
      assertThat(first.status).isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        send(sender, sent);
      }
      lastSeen = first.awaitEvent(5).lastEventId();
    }
    // Missed while away: appended from four threads, so the log's order is the only order.
    List<CompletableFuture<Void>> appenders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      appenders.add(
          CompletableFuture.runAsync(
              () -> {
                while (sent.get() < 5 + missed) {
                  if (sent.incrementAndGet() <= 5 + missed) {
                    acked.add(sender.broadcaster(STREAM).send(SseEvent.of("tick", "x")));
                  }
                }
              }));
    }
    CompletableFuture.allOf(appenders.toArray(new CompletableFuture<?>[0]))
        .get(120, TimeUnit.SECONDS);
    sent.set(5 + missed);
    try (RawSseClient back = resumed.subscribe(STREAM, "Last-Event-ID: " + lastSeen)) {
      assertThat(back.status).isEqualTo(200);
      assertThat(back.header("Content-Type")).startsWith("text/event-stream");
      // Live events keep coming while it catches up, at most 32 ahead of what it received of them.
      Semaphore ahead = new Semaphore(32);
      CompletableFuture<Void> live =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < LIVE_DURING_CATCH_UP; i++) {
                  ahead.acquireUninterruptibly();
                  send(sender, sent);
                }
              });
      for (int n = 1; n <= missed + LIVE_DURING_CATCH_UP; n++) {
        back.awaitEvent(n);
        if (n > missed) {
          ahead.release();
        }
      }
      live.get(60, TimeUnit.SECONDS);
      List<String> expected = ackedAfter(lastSeen);
      assertThat(expected).hasSize(missed + LIVE_DURING_CATCH_UP);
      assertThat(back.parser().events())
          .extracting(Dispatched::lastEventId)
          .containsExactlyElementsOf(expected);
    }
  }

  private void send(Replica sender, AtomicInteger sent) {
    acked.add(
        sender
            .broadcaster(STREAM)
            .send(SseEvent.of("tick", Integer.toString(sent.incrementAndGet()))));
  }

  /** The acknowledged ids after {@code id}, in the log's order: what the client must receive. */
  private List<String> ackedAfter(String id) {
    long after = number(id);
    return acked.stream()
        .filter(e -> number(e) > after)
        .sorted(Comparator.comparingLong(ResumeAtAnyDistanceTest::number))
        .toList();
  }

  private static long number(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }
}
