package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.SeamEvent;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Counts and events agree: {@code abandoned()} never goes below zero and a listener hears {@code
 * abandoned} before {@code abandonedReturned}, even when the worker returns while the abort is
 * still on its way. The race is made deterministic by pausing the aborting thread inside the
 * clock's cancel of the call's deadline, the first thing it does after winning the call.
 */
@ExtendWith(SeamLeakCheck.class)
class AbandonedAccountingTest {

  @Test
  void aWorkerReturningWhileItsAbortIsUnderWayNeverMakesTheCountNegative() throws Exception {
    ManualClock manual = new ManualClock();
    PausingClock clock = new PausingClock(manual);
    EventLog events = new EventLog();
    AtomicInteger lowest = new AtomicInteger();
    try (Seam seam =
        Seam.builder("abandoned-order")
            .maxConcurrency(1)
            .timeout(Duration.ofSeconds(30))
            .clock(clock)
            .listener(events)
            .build()) {
      Gate first = new Gate();
      CompletableFuture<String> a =
          seam.call(dev.seam.CallOptions.defaults().withDescription("a"), call -> first.pass("a"));
      first.awaitStarted();
      Gate second = new Gate();
      CompletableFuture<String> b =
          seam.call(dev.seam.CallOptions.defaults().withDescription("b"), call -> second.pass("b"));

      clock.pauseNextCancel();
      CompletableFuture<Boolean> cancelling = CompletableFuture.supplyAsync(() -> a.cancel(true));
      assertThat(clock.paused.await(10, TimeUnit.SECONDS)).isTrue(); // a is won, not yet counted

      first.open(); // a's worker returns now, and takes b: a's return is fully done
      second.awaitStarted();
      lowest.accumulateAndGet(seam.stats().abandoned(), Math::min);
      List<SeamEvent.Kind> beforeRelease = events.of("a");

      clock.release.countDown();
      assertThat(cancelling.get(10, TimeUnit.SECONDS)).isTrue();
      Await.until(
          () -> events.of("a").contains(SeamEvent.Kind.ABANDONED_RETURNED), "a's return is told");
      lowest.accumulateAndGet(seam.stats().abandoned(), Math::min);

      assertThat(lowest).as("abandoned() seen while the abort was paused").hasValue(0);
      assertThat(beforeRelease).doesNotContain(SeamEvent.Kind.ABANDONED_RETURNED);
      List<SeamEvent.Kind> told = events.of("a");
      assertThat(told.indexOf(SeamEvent.Kind.ABANDONED))
          .as("events of a: %s", told)
          .isGreaterThanOrEqualTo(0)
          .isLessThan(told.indexOf(SeamEvent.Kind.ABANDONED_RETURNED));
      assertThat(seam.stats().abandoned()).isZero();
      second.open();
      assertThat(b).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  /** Delegates to a manual clock; the next cancel of a scheduled action pauses its caller once. */
  private static final class PausingClock implements SeamClock {
    private final ManualClock clock;
    private final AtomicBoolean armed = new AtomicBoolean();
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    PausingClock(ManualClock clock) {
      this.clock = clock;
    }

    void pauseNextCancel() {
      armed.set(true);
    }

    @Override
    public long nanoTime() {
      return clock.nanoTime();
    }

    @Override
    public Scheduled schedule(Runnable action, long delayNanos) {
      Scheduled s = clock.schedule(action, delayNanos);
      return () -> {
        if (armed.compareAndSet(true, false)) {
          paused.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        s.cancel();
      };
    }
  }
}
