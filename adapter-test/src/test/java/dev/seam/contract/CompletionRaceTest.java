package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The race that {@link RaceStressTest} does not aim at: a deadline firing just as the call returns
 * its value, the timer and the worker both trying to complete the future. (A call submitting to its
 * own full seam is {@code DeadlineTest.workerBlockingOnItsOwnSaturatedSeamIsRejectedNotDeadlocked}
 * and {@code workerBlockingOnItsOwnSeamWithRoomInTheQueueFailsAtTheDeadline}.) Real threads and the
 * real clock, bounded rounds.
 */
@ExtendWith(SeamLeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS) // a backstop only: every wait below is bounded
class CompletionRaceTest {
  private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);
  private static final int MAX_ROUNDS = 2_000;
  private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /**
   * Each body works for 0.5 to 1.5 times its 5 ms deadline, so the timer and the worker's return
   * land together in many rounds. Every future completes exactly once, as the value or as a
   * timeout; a call whose caller got the value never ran its cancel hook; no hook ran twice; and
   * the seam counted each call once, as its caller saw it.
   */
  @Test
  void deadlineRacingTheCallsReturnCompletesOnceAsEitherOutcome() throws Exception {
    SplittableRandom random = new SplittableRandom(12);
    int rounds = 0;
    int values = 0;
    int timeouts = 0;
    StringBuilder violations = new StringBuilder();
    try (Seam seam = Seam.builder("deadline-vs-return").maxConcurrency(1).build()) {
      seam.call(() -> "warm").get(5, TimeUnit.SECONDS); // the worker exists before round 1
      long end = System.nanoTime() + BUDGET_NANOS;
      while (rounds < MAX_ROUNDS && System.nanoTime() < end) {
        rounds++;
        long work = DEADLINE_NANOS / 2 + random.nextLong(DEADLINE_NANOS);
        AtomicInteger hooks = new AtomicInteger();
        AtomicInteger completions = new AtomicInteger();
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        CompletableFuture<String> f =
            seam.call(
                Duration.ofNanos(DEADLINE_NANOS),
                call -> {
                  started.set(true);
                  try {
                    call.onCancel(hooks::incrementAndGet);
                    LockSupport.parkNanos(work); // an interrupt may cut it short: that is fine
                    return "value";
                  } finally {
                    returned.countDown();
                  }
                });
        CompletableFuture<String> counted = f.whenComplete((v, e) -> completions.incrementAndGet());
        String outcome = outcome(f);
        // The stage runs on the completing thread just after get() may already have returned.
        outcome(counted);
        awaitIdle(seam); // the worker, if the call got one, has returned and given its permit back
        if (started.get() && returned.getCount() > 0) {
          violations.append("\nround ").append(rounds).append(": the body never returned");
          break;
        }
        if (outcome.equals("value")) {
          values++;
          if (hooks.get() != 0) {
            violations.append("\nround ").append(rounds).append(": value, but hook ran");
          }
        } else if (outcome.equals("timeout")) {
          timeouts++;
        } else {
          violations.append("\nround ").append(rounds).append(": ").append(outcome);
        }
        if (hooks.get() > 1 || completions.get() != 1 || f.complete("again")) {
          violations
              .append("\nround ")
              .append(rounds)
              .append(": hooks ")
              .append(hooks.get())
              .append(", completions ")
              .append(completions.get());
        }
      }
      SeamStats s = seam.stats();
      System.out.printf(
          "CompletionRaceTest: %d rounds, %d values, %d timeouts; stats %s%n",
          rounds, values, timeouts, s);
      assertThat(violations.toString()).isEmpty();
      assertThat(s.succeeded()).isEqualTo(values + 1);
      assertThat(s.timedOut()).isEqualTo(timeouts);
      assertThat(s.submitted()).isEqualTo(rounds + 1);
    }
    // Both outcomes must really occur, or the rounds did not aim at the race.
    assertThat(values).isPositive();
    assertThat(timeouts).isPositive();
  }

  private static String outcome(CompletableFuture<String> f) {
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause() instanceof SeamTimeoutException ? "timeout" : "failed: " + e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return "still pending after 5 s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return "unexpected " + e;
    }
  }

  /** The worker has given its permit back, so the next round starts on a free seam. */
  private static void awaitIdle(Seam seam) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (seam.stats().running() > 0 && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
