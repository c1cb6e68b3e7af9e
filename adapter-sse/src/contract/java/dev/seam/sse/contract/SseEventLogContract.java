package dev.seam.sse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.SseEventLog.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SseEventLog} engine must do, as one set of tests an engine runs by extending
 * this class: the in-memory log in {@code seam-sse}, Redis in {@code seam-sse-redis}, PostgreSQL in
 * {@code seam-sse-postgres}, and any engine added later. Each test works on a stream of its own
 * name, through the SPI alone: two replicas appending to one stream get one total order; a client
 * any distance behind (as far as the log holds) reads exactly the events after its id; a follower
 * sees each later event once, in order; and each way of losing history (trimmed, the stream lost
 * and written again) is a gap with the newest id, never the wrong events. Killed replica processes
 * and restarts of the backing store are engine-specific tests of their own (for Redis, {@code
 * FailoverTest} and {@code RedisRestartTest}; for PostgreSQL, {@code PostgresRestartTest}).
 *
 * <p>Shared as a test source directory ({@code adapter-sse/src/contract/java}), not a jar.
 */
public abstract class SseEventLogContract {
  /** A stream name no other test uses, so engines on shared servers keep tests apart. */
  protected final String stream = "contract-" + UUID.randomUUID();

  /**
   * A log on the engine's storage that keeps at least the newest {@code retained} events of a
   * stream and trims older ones.
   */
  protected abstract SseEventLog newLog(int retained) throws Exception;

  /** Another replica's log on the same storage (for an in-process engine, the same log). */
  protected abstract SseEventLog replicaOf(SseEventLog log) throws Exception;

  /**
   * Makes the storage lose the stream's history as it would in production (a restart of an
   * in-process log, a deleted or expired key), and returns the log that serves the stream now.
   */
  protected abstract SseEventLog loseStream(SseEventLog log, String stream) throws Exception;

  /**
   * How many appends make a log of {@code newLog(retained)} trim the first two events, so that the
   * event after the first id is gone too.
   */
  protected int appendsToTrim(int retained) {
    return retained + 2;
  }

  @Test
  void appendsFromTwoReplicasGetOneTotalOrder() throws Exception {
    SseEventLog a = newLog(1_000);
    SseEventLog b = replicaOf(a);
    String first = a.append(stream, SseEvent.of("first"));
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> appendTo(a, 100, "a", ids));
    CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> appendTo(b, 100, "b", ids));
    CompletableFuture.allOf(fromA, fromB).get(30, TimeUnit.SECONDS);
    for (SseEventLog replica : List.of(a, b)) {
      List<SseEvent> read = replica.readAfter(stream, first).get(10, TimeUnit.SECONDS).events();
      List<String> order = read.stream().map(SseEvent::id).toList();
      assertThat(order).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
      List<String> sorted = new ArrayList<>(order);
      sorted.sort(replica::compareIds);
      assertThat(order).as("the log's order is the ids' order").isEqualTo(sorted);
    }
  }

  @Test
  void aClientAnyDistanceBehindReadsExactlyTheEventsAfterItsId() throws Exception {
    SseEventLog log = newLog(2_000);
    List<String> ids = new ArrayList<>();
    appendTo(log, 1_001, "e", ids);
    for (int distance : new int[] {0, 1, 100, 1_000}) {
      String lastSeen = ids.get(ids.size() - 1 - distance);
      Replay replay = log.readAfter(stream, lastSeen).get(10, TimeUnit.SECONDS);
      assertThat(replay.isGap()).as("%d behind", distance).isFalse();
      assertThat(replay.events())
          .extracting(SseEvent::id)
          .as("%d behind", distance)
          .containsExactlyElementsOf(ids.subList(ids.size() - distance, ids.size()));
    }
  }

  @Test
  void aFollowerSeesEveryLaterEventOnceAndInOrder() throws Exception {
    SseEventLog log = newLog(1_000);
    SseEventLog replica = replicaOf(log);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (SseEventLog.Following f =
        replica.follow(
            stream,
            new SseEventLog.Follower() {
              @Override
              public void event(SseEvent event) {
                seen.add(event.id());
              }

              @Override
              public void failed(Exception cause) {
                seen.add("failed: " + cause);
              }
            })) {
      f.ready().get(10, TimeUnit.SECONDS);
      List<String> ids = new ArrayList<>();
      appendTo(log, 50, "f", ids);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= ids.size());
      assertThat(seen).containsExactlyElementsOf(ids);
    }
  }

  @Test
  void anIdTheLogTrimmedIsAGapWithTheNewestId() throws Exception {
    SseEventLog log = newLog(10);
    List<String> ids = new ArrayList<>();
    appendTo(log, appendsToTrim(10), "t", ids);
    Replay replay = log.readAfter(stream, ids.get(0)).get(10, TimeUnit.SECONDS);
    assertThat(replay.isGap()).isTrue();
    assertThat(replay.latestId()).isEqualTo(ids.get(ids.size() - 1));
  }

  @Test
  void anIdOfAStreamThatLostItsHistoryIsAGapAlsoOnceTheStreamIsWrittenAgain() throws Exception {
    SseEventLog log = newLog(1_000);
    List<String> old = new ArrayList<>();
    appendTo(log, 5, "old", old);
    SseEventLog now = loseStream(log, stream);
    Replay lost = now.readAfter(stream, old.get(4)).get(10, TimeUnit.SECONDS);
    assertThat(lost.isGap()).as("lost, nothing written since").isTrue();
    List<String> again = new ArrayList<>();
    appendTo(now, 3, "new", again);
    Replay replay = now.readAfter(stream, old.get(2)).get(10, TimeUnit.SECONDS);
    assertThat(replay.isGap()).as("lost, written again: " + replay).isTrue();
    assertThat(replay.latestId()).isEqualTo(again.get(2));
    // Resuming from the gap's id reads what comes next, as a client after its resync does.
    String next = now.append(stream, SseEvent.of("after"));
    assertThat(now.readAfter(stream, replay.latestId()).get(10, TimeUnit.SECONDS).events())
        .extracting(SseEvent::id)
        .containsExactly(next);
  }

  @Test
  void latestIsTheNewestEventWithItsId() throws Exception {
    SseEventLog log = newLog(100);
    assertThat(log.latest(stream).get(10, TimeUnit.SECONDS)).isEmpty();
    log.append(stream, SseEvent.of("one"));
    String id = log.append(stream, SseEvent.of("step", "two"));
    Optional<SseEvent> latest = replicaOf(log).latest(stream).get(10, TimeUnit.SECONDS);
    assertThat(latest).get().extracting(SseEvent::id, SseEvent::data).containsExactly(id, "two");
  }

  private void appendTo(SseEventLog log, int n, String tag, List<String> ids) {
    for (int i = 0; i < n; i++) {
      ids.add(log.append(stream, SseEvent.of(tag + i)));
    }
  }
}
