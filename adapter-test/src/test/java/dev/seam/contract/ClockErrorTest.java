package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.seam.Seam;
import dev.seam.SeamClock;
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

/**
 * An {@code Error} from the clock (a timer thread that cannot start: {@code OutOfMemoryError:
 * unable to create native thread}) never breaks a promise: {@code call()} never throws, every
 * future completes, the permit returns and the worker loop goes on.
 */
@ExtendWith(SeamLeakCheck.class)
class ClockErrorTest {
  private final ManualClock manual = new ManualClock();

  @Test
  void aScheduleThatThrowsAnErrorNeitherThrowsFromCallNorCostsThePermit() throws Exception {
    FailingClock clock = new FailingClock(manual);
    try (Seam seam =
        Seam.builder("schedule-error")
            .maxConcurrency(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      Gate gate = new Gate();
      clock.failNextSchedule.set(true);
      AtomicReference<CompletableFuture<String>> first = new AtomicReference<>();

      assertThatCode(() -> first.set(seam.call(() -> gate.pass("first"))))
          .doesNotThrowAnyException();

      gate.awaitStarted();
      gate.open();
      assertThat(first.get()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
      // The permit came back, and the next call's deadline works: it times out and is interrupted.
      Gate next = new Gate();
      CompletableFuture<String> second = seam.call(() -> next.pass("second"));
      next.awaitStarted();
      manual.advance(Duration.ofSeconds(1));
      assertThat(second).failsWithin(Duration.ofSeconds(10));
      next.awaitReturned();
      assertThat(next.sawInterrupt()).isTrue();
    }
  }

  @Test
  void aClockThatThrowsAnErrorOnTheWorkerLeavesTheCallCompletedAndTheWorkerLoopAlive()
      throws Exception {
    FailingClock clock = new FailingClock(manual);
    try (Seam seam =
        Seam.builder("worker-clock-error")
            .maxConcurrency(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      clock.failOnWorkers.set(true);
      CompletableFuture<String> first = seam.call(() -> "first");
      assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
      clock.failOnWorkers.set(false);

      assertThat(seam.call(() -> "second")).succeedsWithin(Duration.ofSeconds(10));
      Await.until(() -> seam.stats().running() == 0, "the permit came back");
    }
  }

  @Test
  void aClockThatThrowsAnErrorAtSubmissionFailsTheFutureInstead() throws Exception {
    FailingClock clock = new FailingClock(manual);
    try (Seam seam = Seam.builder("submit-clock-error").clock(clock).build()) {
      clock.failOnThread.set(Thread.currentThread());
      AtomicReference<CompletableFuture<String>> f = new AtomicReference<>();

      assertThatCode(() -> f.set(seam.call(() -> "never"))).doesNotThrowAnyException();

      clock.failOnThread.set(null);
      assertThat(f.get())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(OutOfMemoryError.class);
      assertThat(seam.call(() -> "next")).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void aTimedOutCallStillTimesOutWhenItsWorkersClockReadFails() throws Exception {
    FailingClock clock = new FailingClock(manual);
    try (Seam seam =
        Seam.builder("timeout-clock-error").timeout(Duration.ofSeconds(1)).clock(clock).build()) {
      Gate gate = new Gate();
      clock.failOnWorkers.set(true);
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();
      clock.failOnWorkers.set(false);

      manual.advance(Duration.ofSeconds(1));

      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
    }
  }

  /** A manual clock that throws an {@code OutOfMemoryError} where the test says. */
  private static final class FailingClock implements SeamClock {
    private final ManualClock clock;
    final AtomicBoolean failNextSchedule = new AtomicBoolean();
    final AtomicBoolean failOnWorkers = new AtomicBoolean();
    final AtomicReference<Thread> failOnThread = new AtomicReference<>();

    FailingClock(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public long nanoTime() {
      Thread me = Thread.currentThread();
      if (failOnThread.get() == me
          || (failOnWorkers.get()
              && me.getName().startsWith("seam-")
              && !me.getName().contains("-cancel-"))) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
      }
      return clock.nanoTime();
    }

    @Override
    public Scheduled schedule(Runnable action, long delayNanos) {
      if (failNextSchedule.compareAndSet(true, false)) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
      }
      return clock.schedule(action, delayNanos);
    }
  }
}
