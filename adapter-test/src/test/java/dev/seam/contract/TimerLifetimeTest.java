package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** C13: no timer outlives its call, whatever order its timers fire and are stored in. */
@ExtendWith(SeamLeakCheck.class)
class TimerLifetimeTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void theAbandonedCallCheckIsDroppedWhenATimedOutCallsWorkerReturns() throws Exception {
    try (Seam seam =
        Seam.builder("abandoned-check-dropped")
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();

      clock.advance(Duration.ofSeconds(1)); // times out; the worker is interrupted and returns
      gate.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "the worker returned");

      assertThat(f).isCompletedExceptionally();
      assertThat(clock.pending()).as("timers left: %s", clock).isZero();
    }
  }

  @Test
  void theAbandonedCallCheckIsDroppedWhenACancelledCallsWorkerReturns() throws Exception {
    try (Seam seam = Seam.builder("abandoned-check-cancel").clock(clock).build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();

      f.cancel(true);
      gate.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "the worker returned");

      assertThat(clock.pending()).as("timers left: %s", clock).isZero();
    }
  }

  @Test
  void aSlowCallCheckThatFiresBeforeItIsStoredLeavesNoDeadlineBehind() throws Exception {
    SeamClock firesFirstAtOnce = new FiresFirstScheduleAtOnce(clock);
    try (Seam seam =
        Seam.builder("slow-check-first")
            .timeout(Duration.ofSeconds(10))
            .slowCallWarning(Duration.ofSeconds(1))
            .clock(firesFirstAtOnce)
            .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("done"));
      gate.awaitStarted();
      assertThat(clock.pending()).as("the deadline the check armed").isEqualTo(1);

      gate.open();

      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
      Await.until(() -> clock.pending() == 0, "the deadline is cancelled with the call");
    }
  }

  /** A user clock whose first action fires before schedule returns, as a timer thread may. */
  private static final class FiresFirstScheduleAtOnce implements SeamClock {
    private final ManualClock clock;
    private final AtomicBoolean first = new AtomicBoolean(true);

    FiresFirstScheduleAtOnce(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public long nanoTime() {
      return clock.nanoTime();
    }

    @Override
    public Scheduled schedule(Runnable action, long delayNanos) {
      if (first.compareAndSet(true, false)) {
        action.run();
        return () -> {};
      }
      return clock.schedule(action, delayNanos);
    }
  }
}
