package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An uncancellable region defers the deadline and the hooks, never the truth (C11). */
@ExtendWith(SeamLeakCheck.class)
class UncancellableRegionTest {
  private final ManualClock clock = new ManualClock();

  private Seam seam(String name) {
    return Seam.builder(name).timeout(Duration.ofSeconds(1)).clock(clock).build();
  }

  @Test
  void deadlineInsideARegionIsDeferredAndTheCompletedWorkSucceeds() throws Exception {
    try (Seam seam = seam("region-success")) {
      CountDownLatch inRegion = new CountDownLatch(1);
      CountDownLatch deadlinePassed = new CountDownLatch(1);
      AtomicInteger hookRuns = new AtomicInteger();
      AtomicBoolean interrupted = new AtomicBoolean();
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRuns::incrementAndGet);
                CallContext.Region unused = call.uncancellable(); // left open: ends with the call
                inRegion.countDown();
                deadlinePassed.await(10, TimeUnit.SECONDS);
                interrupted.set(Thread.currentThread().isInterrupted());
                return "committed";
              });
      assertThat(inRegion.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(2));
      assertThat(f).as("the deadline waits for the region").isNotDone();
      deadlinePassed.countDown();

      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("committed");
      assertThat(hookRuns).hasValue(0);
      assertThat(interrupted).isFalse();
      assertThat(seam.stats().timedOut()).isZero();
      assertThat(seam.stats().succeeded()).isEqualTo(1);
    }
  }

  @Test
  void deadlineThatPassedInsideARegionTakesEffectWhenTheRegionEnds() throws Exception {
    try (Seam seam = seam("region-end")) {
      CountDownLatch inRegion = new CountDownLatch(1);
      CountDownLatch deadlinePassed = new CountDownLatch(1);
      CountDownLatch hookRan = new CountDownLatch(1);
      Gate afterRegion = new Gate();
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRan::countDown);
                try (CallContext.Region r = call.uncancellable()) {
                  inRegion.countDown();
                  deadlinePassed.await(10, TimeUnit.SECONDS);
                }
                return afterRegion.pass("too late");
              });
      assertThat(inRegion.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(2));
      deadlinePassed.countDown();

      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      afterRegion.awaitReturned();
      assertThat(afterRegion.sawInterrupt()).isTrue();
    }
  }

  @Test
  void cancelInsideARegionCompletesTheFutureAtOnceButHoldsTheHooksUntilItEnds() throws Exception {
    try (Seam seam = seam("region-cancel")) {
      CountDownLatch inRegion = new CountDownLatch(1);
      CountDownLatch mayLeave = new CountDownLatch(1);
      AtomicInteger hooksInsideRegion = new AtomicInteger();
      AtomicBoolean inside = new AtomicBoolean();
      CountDownLatch hookRan = new CountDownLatch(1);
      Gate afterRegion = new Gate();
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(
                    () -> {
                      if (inside.get()) {
                        hooksInsideRegion.incrementAndGet();
                      }
                      hookRan.countDown();
                    });
                try (CallContext.Region r = call.uncancellable()) {
                  inside.set(true);
                  inRegion.countDown();
                  mayLeave.await(10, TimeUnit.SECONDS);
                  inside.set(false);
                }
                return afterRegion.pass("after");
              });
      assertThat(inRegion.await(10, TimeUnit.SECONDS)).isTrue();

      f.cancel(true);
      assertThat(f).isCancelled();
      assertThat(hookRan.await(200, TimeUnit.MILLISECONDS)).as("hook held by the region").isFalse();
      mayLeave.countDown();

      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(hooksInsideRegion).hasValue(0);
      afterRegion.awaitReturned();
      assertThat(afterRegion.sawInterrupt()).isTrue();
    }
  }

  @Test
  void nestedRegionsDeferUntilTheOutermostEnds() throws Exception {
    try (Seam seam = seam("region-nested")) {
      CountDownLatch inInner = new CountDownLatch(1);
      CountDownLatch deadlinePassed = new CountDownLatch(1);
      AtomicBoolean cancelledBetween = new AtomicBoolean(true);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                CallContext.Region outer = call.uncancellable(); // open until the call returns
                try (CallContext.Region inner = call.uncancellable()) {
                  inInner.countDown();
                  deadlinePassed.await(10, TimeUnit.SECONDS);
                }
                cancelledBetween.set(call.isCancelled());
                return outer != null ? "done inside the outer region" : "unreachable";
              });
      assertThat(inInner.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofSeconds(2));
      deadlinePassed.countDown();

      // The call returns from inside the outer region, so its result wins over the deadline.
      assertThat(f)
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("done inside the outer region");
      assertThat(cancelledBetween).isFalse();
    }
  }
}
