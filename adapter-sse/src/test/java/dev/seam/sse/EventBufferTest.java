package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.sse.internal.BufferProbe;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-stream buffer's overflow policies, with the writer stopped. */
@ExtendWith(SeamLeakCheck.class)
class EventBufferTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void latestOnlyKeepsTheNewestValuePerEventNameAndNeverExceedsCapacity() throws IOException {
    BufferProbe b = new BufferProbe(3, SseOverflow.LATEST_ONLY, clock);
    b.offer(SseEvent.of("status", "up"));
    for (int i = 1; i <= 100; i++) {
      b.offer(SseEvent.of("progress", Integer.toString(i)));
    }
    b.offer(SseEvent.of("progress", "101"));
    assertThat(b.maxQueued()).isLessThanOrEqualTo(3);
    // a full buffer drops every queued "progress" for the newest; "status" is kept
    assertThat(b.drainData()).containsExactly("up", "101");
    assertThat(b.dropped()).isEqualTo(100);
  }

  @Test
  void disconnectPolicyClosesTheStreamWhenFull() throws IOException {
    BufferProbe b = new BufferProbe(2, SseOverflow.DISCONNECT, clock);
    b.offer(SseEvent.of("1"));
    b.offer(SseEvent.of("2"));
    assertThatThrownBy(() -> b.offer(SseEvent.of("3")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("buffer full (2 events) with policy DISCONNECT");
  }

  @Test
  void blockPolicyWaitsForRoomWhileTheWriterMakesIt() throws Exception {
    BufferProbe b = new BufferProbe(1, SseOverflow.BLOCK, clock);
    b.offer(SseEvent.of("1"));
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> b.offerUnchecked("2"));
    org.awaitility.Awaitility.await().until(() -> clock.pending() == 1); // the send is waiting
    b.drainData(); // the writer makes room: the send goes through
    assertThat(second).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void blockPolicyGivesUpAtTheWriteDeadlineWhenNobodyReads() throws Exception {
    BufferProbe b = new BufferProbe(1, SseOverflow.BLOCK, clock);
    b.offer(SseEvent.of("1"));
    CompletableFuture<Void> third = CompletableFuture.runAsync(() -> b.offerUnchecked("3"));
    org.awaitility.Awaitility.await().until(() -> clock.pending() == 1);
    clock.advance(Duration.ofSeconds(10)); // nobody reads for the whole write deadline
    assertThat(third)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(IOException.class)
        .withMessageContaining("client not reading");
  }
}
