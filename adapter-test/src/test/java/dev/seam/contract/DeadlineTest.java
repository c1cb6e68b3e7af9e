package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class DeadlineTest {
  private final ManualClock clock = new ManualClock();

  private Seam seam(int maxConcurrency, int maxQueued) {
    return Seam.builder("deadlines")
        .maxConcurrency(maxConcurrency)
        .maxQueued(maxQueued)
        .timeout(Duration.ofSeconds(1))
        .clock(clock)
        .build();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    return f.handle((v, e) -> e).join();
  }

  @Test
  void queuedCallWhoseDeadlinePassesNeverRuns() throws Exception {
    try (Seam seam = seam(1, 5)) {
      Gate gate = new Gate();
      CompletableFuture<String> blocker = seam.call(() -> gate.pass("blocker"));
      gate.awaitStarted();
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> queued =
          seam.call(
              Duration.ofMillis(500),
              call -> {
                ran.set(true);
                return "queued";
              });
      assertThat(seam.stats().queued()).isEqualTo(1);

      clock.advance(Duration.ofMillis(500));

      Throwable e = failure(queued);
      assertThat(e).isInstanceOf(SeamTimeoutException.class);
      SeamTimeoutException timeout = (SeamTimeoutException) e;
      assertThat(timeout.started()).isFalse();
      assertThat(timeout.queued()).isEqualTo(Duration.ofMillis(500));
      assertThat(timeout)
          .hasMessageStartingWith(
              "seam 'deadlines' call timed out after 500 ms (500 ms queued, never started;")
          .hasMessageContaining("1/1 running, 0/5 queued, 0 abandoned")
          .hasMessageContaining("dropped from the queue, nothing to stop");
      assertThat(seam.stats().queued()).isZero();

      gate.open();
      assertThat(blocker).succeedsWithin(Duration.ofSeconds(10));
      seam.close();
      assertThat(ran).isFalse();
      assertThat(seam.stats().timedOut()).isEqualTo(1);
    }
  }

  @Test
  void deadlineCountsFromSubmissionSoQueueWaitIsIncluded() throws Exception {
    try (Seam seam = seam(1, 5)) {
      Gate gate = new Gate();
      CompletableFuture<String> blocker = seam.call(() -> gate.pass("blocker"));
      gate.awaitStarted();
      AtomicReference<Duration> seenAtStart = new AtomicReference<>();
      CompletableFuture<String> queued =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                seenAtStart.set(call.remaining());
                return "ran";
              });

      clock.advance(Duration.ofMillis(600));
      gate.open();

      assertThat(blocker).succeedsWithin(Duration.ofSeconds(10));
      assertThat(queued).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ran");
      assertThat(seenAtStart.get()).isEqualTo(Duration.ofMillis(400));
      assertThat(seam.stats().queueWait().max()).isEqualTo(Duration.ofMillis(600));
    }
  }

  @Test
  void runningCallTimesOutAtOnceAndCarriesItsTimings() throws Exception {
    try (Seam seam = seam(1, 0)) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();
      clock.advance(Duration.ofMillis(999));
      assertThat(f).isNotDone();

      clock.advance(Duration.ofMillis(1));

      // Completed before advance() returned: no waiting on the worker.
      Throwable e = failure(f);
      assertThat(e)
          .isInstanceOf(SeamTimeoutException.class)
          .hasMessageStartingWith(
              "seam 'deadlines' call timed out after 1000 ms (<0.1 ms queued, 1000 ms running;")
          .hasMessageContaining("cancel: no cancel hook, worker interrupted");
      assertThat(e.getSuppressed())
          .singleElement()
          .satisfies(s -> assertThat(s).hasMessageContaining("at the deadline"));
      assertThat(((SeamTimeoutException) e).started()).isTrue();
      gate.awaitReturned();
    }
  }

  @Test
  void perCallTimeoutOverridesTheSeamDefault() throws Exception {
    try (Seam seam = seam(1, 0)) {
      Gate gate = new Gate();
      CompletableFuture<String> f =
          seam.call(CallOptions.timeout(Duration.ofSeconds(5)), call -> gate.pass("done"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(2));
      assertThat(f).isNotDone();
      clock.advance(Duration.ofSeconds(3));
      assertThat(failure(f)).isInstanceOf(SeamTimeoutException.class);
      gate.awaitReturned();
    }
  }

  @Test
  void callReadsItsRemainingTime() throws Exception {
    try (Seam seam = seam(1, 0)) {
      CompletableFuture<Duration> f =
          seam.call(
              Duration.ofMillis(750),
              call -> {
                Duration before = call.remaining();
                clock.advance(Duration.ofMillis(250));
                assertThat(call.remaining()).isEqualTo(before.minusMillis(250));
                return before;
              });
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(Duration.ofMillis(750));
    }
  }

  @Test
  void workerBlockingOnItsOwnSaturatedSeamIsRejectedNotDeadlocked() throws Exception {
    try (Seam seam = seam(1, 0)) {
      CompletableFuture<String> outer = seam.call(() -> seam.call(() -> "inner").join());
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, outer::get);
      assertThat(e).hasRootCauseInstanceOf(SeamRejectedException.class);
    }
  }

  @Test
  void workerBlockingOnItsOwnSeamWithRoomInTheQueueFailsAtTheDeadline() throws Exception {
    try (Seam seam = seam(1, 1)) {
      CompletableFuture<CompletableFuture<String>> innerRef = new CompletableFuture<>();
      CompletableFuture<String> outer =
          seam.call(
              Duration.ofSeconds(10),
              call -> {
                CompletableFuture<String> inner = seam.call(() -> "inner");
                innerRef.complete(inner);
                return inner.join();
              });
      CompletableFuture<String> inner = innerRef.get();
      assertThat(inner).isNotDone();

      clock.advance(Duration.ofSeconds(1));

      assertThat(failure(inner)).isInstanceOf(SeamTimeoutException.class);
      assertThat(outer)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .withRootCauseInstanceOf(SeamTimeoutException.class);
    }
  }

  @Test
  void describedCallSaysWhatTimedOutAndWhatFailed() throws Exception {
    try (Seam seam = seam(1, 5)) { // room to queue: the timed-out worker may still hold its permit
      Gate gate = new Gate();
      CompletableFuture<String> f =
          seam.call(
              CallOptions.defaults().withDescription("SELECT *\n  FROM orders WHERE id = ?"),
              call -> gate.pass("late"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(failure(f))
          .hasMessageStartingWith(
              "seam 'deadlines' call \"SELECT * FROM orders WHERE id = ?\" timed out after 1000 ms");
      gate.awaitReturned();

      CompletableFuture<String> failed =
          seam.call(
              CallOptions.defaults().withDescription("x".repeat(300)),
              call -> {
                throw new java.io.IOException("boom");
              });
      assertThat(failed)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .withMessageStartingWith(
              "seam 'deadlines' call \"" + "x".repeat(200) + "...\" failed after");
    }
  }
}
