package dev.seam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.SeamClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timer wheel. Most tests drive {@link TimerClock#advance} by hand with a thread factory whose
 * thread does nothing, so "now" is whatever the test says; the last ones run the real thread.
 */
class TimerClockTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** A wheel whose thread never runs its loop: the test is the timer thread. */
  private static TimerClock manual() {
    return new TimerClock(r -> new Thread(() -> {}));
  }

  @Test
  void neverRunsBeforeItsDelayAndRunsOnceWhenItHasPassed() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    long before = wheel.relativeNow();
    wheel.schedule(runs::incrementAndGet, 5 * MS);

    wheel.advance(before + 5 * MS - 1);
    assertThat(runs).as("1 ns before the earliest possible due time").hasValue(0);

    long after = wheel.relativeNow() + 5 * MS;
    wheel.advance(after);
    wheel.advance(after + 2_000 * MS);
    assertThat(runs).hasValue(1);
  }

  @Test
  void theThreadWakesAtTheDeadlineItselfAndTheActionRunsThenNotAtTheEndOfItsTick() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    TimerClock.Timeout t = (TimerClock.Timeout) wheel.schedule(runs::incrementAndGet, 5 * MS / 2);
    long now = t.due - 2 * MS; // this test's "now", whatever the machine's load
    wheel.advance(now);
    assertThat(wheel.nextWake(now)).isEqualTo(t.due);

    wheel.advance(t.due - 1);
    assertThat(runs).hasValue(0);
    wheel.advance(t.due); // mid-tick (unless it falls on a tick's end, where it is due anyway)
    assertThat(runs).hasValue(1);
  }

  @Test
  void aZeroOrNegativeDelayRunsAtTheNextAdvance() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    wheel.schedule(runs::incrementAndGet, 0);
    wheel.schedule(runs::incrementAndGet, -5 * MS);
    wheel.advance(wheel.relativeNow());
    assertThat(runs).hasValue(2);
  }

  @Test
  void aCancelledActionNeverRunsAndLeavesNothingPendingOnceItsBucketIsPassed() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    SeamClock.Scheduled s = wheel.schedule(runs::incrementAndGet, 3 * MS);
    long now = ((TimerClock.Timeout) s).due - 2 * MS;
    wheel.advance(now); // placed in its bucket
    assertThat(wheel.nextWake(now)).isLessThan(Long.MAX_VALUE);

    s.cancel();
    wheel.advance(now + 10 * MS);
    assertThat(runs).hasValue(0);
    assertThat(wheel.nextWake(now + 10 * MS)).as("nothing pending").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aCancelledFarDeadlineIsDroppedWithinOneTurnOfTheWheel() {
    TimerClock wheel = manual();
    long now = wheel.relativeNow();
    SeamClock.Scheduled s = wheel.schedule(() -> {}, TimeUnit.HOURS.toNanos(1));
    wheel.advance(now);
    s.cancel();
    long oneTurnLater = now + 1_100 * MS;
    wheel.advance(oneTurnLater);
    assertThat(wheel.nextWake(oneTurnLater)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aDeadlineBeyondOneTurnWaitsItsRoundsThenRuns() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    long start = wheel.relativeNow();
    wheel.schedule(runs::incrementAndGet, 2_500 * MS);
    for (long t = start; t < start + 2_499 * MS; t += 7 * MS) {
      wheel.advance(t);
    }
    assertThat(runs).as("after two turns of the wheel, before its time").hasValue(0);
    wheel.advance(wheel.relativeNow() + 2_501 * MS);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aLateWakeRunsEverythingDueEvenAfterManyTurns() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    long now = wheel.relativeNow();
    for (int i = 1; i <= 3_000; i++) {
      wheel.schedule(runs::incrementAndGet, i * MS);
    }
    wheel.advance(now); // all placed, spread over three turns
    wheel.advance(wheel.relativeNow() + TimeUnit.HOURS.toNanos(1)); // one late wake
    assertThat(runs).hasValue(3_000);
  }

  @Test
  void foreverNeverRunsAndDoesNotOverflow() {
    TimerClock wheel = manual();
    AtomicInteger runs = new AtomicInteger();
    wheel.schedule(runs::incrementAndGet, Long.MAX_VALUE);
    wheel.schedule(runs::incrementAndGet, Long.MAX_VALUE - 1);
    long now = wheel.relativeNow();
    wheel.advance(now);
    wheel.advance(now + TimeUnit.DAYS.toNanos(365 * 100));
    assertThat(runs).hasValue(0);
  }

  @Test
  void anActionThatThrowsIsReportedAndTheOthersStillRun() {
    TimerClock wheel = manual();
    AtomicReference<Throwable> reported = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.set(e));
    try {
      AtomicInteger runs = new AtomicInteger();
      IllegalStateException boom = new IllegalStateException("boom");
      wheel.schedule(
          () -> {
            throw boom;
          },
          MS);
      wheel.schedule(runs::incrementAndGet, MS);
      wheel.advance(wheel.relativeNow() + 2 * MS);
      assertThat(runs).hasValue(1);
      assertThat(reported.get()).isSameAs(boom);
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void nextWakeIsTheFirstNonEmptyBucketAndAtMostMaxPark() {
    TimerClock wheel = manual();
    long now = ((TimerClock.Timeout) wheel.schedule(() -> {}, 10 * MS)).due - 10 * MS;
    wheel.advance(now);
    long wake = wheel.nextWake(now);
    assertThat(wake).isGreaterThanOrEqualTo(now + 9 * MS).isLessThanOrEqualTo(now + 12 * MS);

    TimerClock far = manual();
    long farNow = far.relativeNow();
    far.schedule(() -> {}, TimeUnit.MINUTES.toNanos(5));
    far.advance(farNow);
    assertThat(far.nextWake(farNow)).isLessThanOrEqualTo(farNow + TimerClock.MAX_PARK_NANOS);
  }

  @Test
  void afterShutdownArmingIsRefused() {
    TimerClock wheel = manual();
    wheel.shutdownNow();
    assertThatThrownBy(() -> wheel.schedule(() -> {}, MS))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aThreadFactoryThatFailsIsReportedToTheArmerAndTheNextArmTriesAgain() {
    AtomicInteger attempts = new AtomicInteger();
    ThreadFactory flaky =
        r -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("no threads left");
          }
          return new Thread(() -> {});
        };
    TimerClock wheel = new TimerClock(flaky);
    assertThatThrownBy(() -> wheel.schedule(() -> {}, MS))
        .isInstanceOf(TimerClock.StartFailed.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    wheel.schedule(() -> {}, MS);
    assertThat(attempts).hasValue(2);
  }

  // --- with the real timer thread ---

  @Test
  @Timeout(10)
  void theRealThreadRunsShortDeadlinesAndStopsOnShutdown() throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    TimerClock wheel =
        new TimerClock(
            r -> {
              Thread t = new Thread(r, "wheel-test-timer");
              t.setDaemon(true);
              started.add(t);
              return t;
            });
    CountDownLatch fired = new CountDownLatch(3);
    long armed = System.nanoTime();
    wheel.schedule(fired::countDown, 2 * MS);
    wheel.schedule(fired::countDown, 1 * MS);
    wheel.schedule(fired::countDown, 0);
    assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - armed).isGreaterThanOrEqualTo(2 * MS);

    wheel.shutdownNow();
    started.get(0).join(Duration.ofSeconds(5).toMillis());
    assertThat(started.get(0).isAlive()).isFalse();
    assertThat(started).hasSize(1);
  }

  @Test
  @Timeout(30)
  void underRacingArmsAndCancelsEveryKeptActionRunsExactlyOnceAndNoCancelledOneRuns()
      throws InterruptedException {
    TimerClock wheel =
        new TimerClock(
            r -> {
              Thread t = new Thread(r, "wheel-stress-timer");
              t.setDaemon(true);
              return t;
            });
    int threads = 4;
    int perThread = 5_000;
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger cancelledRuns = new AtomicInteger();
    CountDownLatch kept = new CountDownLatch(threads * perThread / 2);
    List<Thread> armers = new ArrayList<>();
    for (int n = 0; n < threads; n++) {
      int base = n * perThread;
      Thread armer =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  int id = base + i;
                  if (i % 2 == 0) {
                    AtomicInteger count = new AtomicInteger();
                    runs.put(id, count);
                    wheel.schedule(
                        () -> {
                          count.incrementAndGet();
                          kept.countDown();
                        },
                        (i % 5) * MS);
                  } else {
                    // Far enough out that the cancel always comes first.
                    wheel.schedule(cancelledRuns::incrementAndGet, 60_000 * MS).cancel();
                  }
                }
              });
      armers.add(armer);
      armer.start();
    }
    for (Thread armer : armers) {
      armer.join();
    }
    assertThat(kept.await(20, TimeUnit.SECONDS)).isTrue();
    wheel.shutdownNow();
    assertThat(runs.values()).allSatisfy(c -> assertThat(c).hasValue(1));
    assertThat(cancelledRuns).hasValue(0);
  }
}
