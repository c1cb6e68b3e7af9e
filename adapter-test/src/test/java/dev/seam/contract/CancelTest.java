package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class CancelTest {
  private final ManualClock clock = new ManualClock();

  private Seam seam(boolean interrupt) {
    return Seam.builder("cx")
        .maxConcurrency(2)
        .maxQueued(2)
        .timeout(Duration.ofSeconds(1))
        .interruptOnCancel(interrupt)
        .clock(clock)
        .build();
  }

  @Test
  void timeoutRunsHooksOnceOffTheWorkerThenInterruptsIt() throws Exception {
    try (Seam seam = seam(true)) {
      Gate gate = new Gate();
      List<String> events = new CopyOnWriteArrayList<>();
      AtomicInteger hookRuns = new AtomicInteger();
      CountDownLatch hookRan = new CountDownLatch(1);
      CountDownLatch workerDone = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                call.onCancel(
                    () -> {
                      hookRuns.incrementAndGet();
                      events.add("hook on " + Thread.currentThread().getName());
                      hookRan.countDown();
                    });
                try {
                  return gate.pass("late");
                } catch (InterruptedException e) {
                  events.add("interrupted");
                  throw e;
                } finally {
                  workerDone.countDown();
                }
              });
      gate.awaitStarted();

      clock.advance(Duration.ofSeconds(1));

      assertThat(f).isCompletedExceptionally();
      assertThat(f.handle((v, e) -> e).join()).isInstanceOf(SeamTimeoutException.class);
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(workerDone.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(gate.sawInterrupt()).isTrue();
      assertThat(hookRuns).hasValue(1);
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).startsWith("hook on seam-cx-cancel-");
      assertThat(events.get(1)).isEqualTo("interrupted");
      assertThat(gate.runner().getName()).startsWith("seam-cx-").doesNotContain("cancel");
    }
  }

  @Test
  void cancelCompletesTheFutureAtOnceAndReachesTheResource() throws Exception {
    try (Seam seam = seam(true)) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                call.onCancel(hookRan::countDown);
                return gate.pass("never");
              });
      gate.awaitStarted();

      assertThat(f.cancel(true)).isTrue();

      assertThat(f).isCancelled();
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
      assertThat(seam.stats().cancelled()).isEqualTo(1);
    }
  }

  @Test
  void completingTheFutureFromOutsideAlsoAbandonsTheCall() throws Exception {
    try (Seam seam = seam(true)) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                call.onCancel(hookRan::countDown);
                return gate.pass("never");
              });
      gate.awaitStarted();

      // What orTimeout() does when its own timer fires.
      f.completeExceptionally(new TimeoutException("caller gave up"));

      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
    }
  }

  @Test
  void interruptCanBeTurnedOffPerSeam() throws Exception {
    try (Seam seam = seam(false)) {
      assertNoInterrupt(seam, CallOptions.defaults());
    }
  }

  @Test
  void interruptCanBeTurnedOffPerCall() throws Exception {
    try (Seam seam = seam(true)) {
      assertNoInterrupt(seam, CallOptions.defaults().withInterruptOnCancel(false));
    }
  }

  private void assertNoInterrupt(Seam seam, CallOptions options) throws Exception {
    Gate gate = new Gate();
    CountDownLatch hookRan = new CountDownLatch(1);
    CompletableFuture<String> f =
        seam.call(
            options,
            call -> {
              call.onCancel(
                  () -> {
                    hookRan.countDown();
                    gate.open(); // the hook is what stops the call, as Statement.cancel() would
                  });
              return gate.pass("stopped by hook");
            });
    gate.awaitStarted();
    clock.advance(Duration.ofSeconds(1));
    assertThat(f).isCompletedExceptionally();
    assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
    gate.awaitReturned();
    assertThat(gate.sawInterrupt()).isFalse();
  }

  @Test
  void permitStaysHeldUntilAnAbandonedWorkerReallyReturns() throws Exception {
    try (Seam seam =
        Seam.builder("stuck")
            .maxConcurrency(1)
            .maxQueued(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      Gate stuck = new Gate();
      CompletableFuture<String> abandoned = seam.call(() -> stuck.passIgnoringInterrupts("late"));
      stuck.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(abandoned).isCompletedExceptionally();

      var stats = seam.stats();
      assertThat(stats.running()).isEqualTo(1);
      assertThat(stats.abandoned()).isEqualTo(1);
      assertThat(stats.inFlight()).isZero();

      AtomicBoolean nextStarted = new AtomicBoolean();
      CompletableFuture<String> next =
          seam.call(
              Duration.ofSeconds(30),
              call -> {
                nextStarted.set(true);
                return "next";
              });
      assertThat(seam.stats().queued()).isEqualTo(1);
      assertThat(seam.call(() -> "third"))
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .withMessageContaining("1/1 running, 1/1 queued");
      assertThat(nextStarted).isFalse();

      stuck.open();

      assertThat(next).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("next");
      seam.close();
      assertThat(seam.stats().abandoned()).isZero();
      assertThat(seam.stats().running()).isZero();
    }
  }

  @Test
  void hookRegisteredAfterCancellationRunsAtOnce() throws Exception {
    try (Seam seam = seam(false)) {
      Gate gate = new Gate();
      CountDownLatch lateHookRan = new CountDownLatch(1);
      CompletableFuture<Boolean> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                gate.pass(null);
                call.onCancel(lateHookRan::countDown);
                return call.isCancelled();
              });
      gate.awaitStarted();
      f.cancel(false);
      gate.open();
      assertThat(lateHookRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
    }
  }

  @Test
  void throwingHookIsLoggedAndTheOthersStillRun() throws Exception {
    try (LogCapture log = new LogCapture();
        Seam seam = seam(false)) {
      Gate gate = new Gate();
      CountDownLatch secondRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                call.onCancel(
                    () -> {
                      throw new IllegalStateException("hook broke");
                    });
                call.onCancel(
                    () -> {
                      secondRan.countDown();
                      gate.open();
                    });
                return gate.pass("x");
              });
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(secondRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
      assertThat(f).isCompletedExceptionally();
      assertThat(log.events())
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("seam 'cx': cancel hook");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("hook broke");
              });
    }
  }

  @Test
  void closedRegistrationDoesNotRun() throws Exception {
    try (Seam seam = seam(false)) {
      Gate gate = new Gate();
      AtomicBoolean removedRan = new AtomicBoolean();
      CountDownLatch keptRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              Duration.ofSeconds(1),
              call -> {
                CallContext.Registration r = call.onCancel(() -> removedRan.set(true));
                r.close();
                call.onCancel(
                    () -> {
                      keptRan.countDown();
                      gate.open();
                    });
                return gate.pass("x");
              });
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(keptRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
      assertThat(f).isCompletedExceptionally();
      assertThat(removedRan).isFalse();
    }
  }

  @Test
  void cancelledQueuedCallNeverRunsAndLeavesTheQueue() throws Exception {
    try (Seam seam = seam(false)) {
      Gate gate = new Gate();
      CompletableFuture<String> a = seam.call(() -> gate.pass("a"));
      CompletableFuture<String> b = seam.call(() -> gate.pass("b"));
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> queued =
          seam.call(
              () -> {
                ran.set(true);
                return "queued";
              });
      assertThat(seam.stats().queued()).isEqualTo(1);
      queued.cancel(true);
      assertThat(seam.stats().queued()).isZero();
      assertThat(queued).isCancelled();
      gate.open();
      assertThat(a).succeedsWithin(Duration.ofSeconds(10));
      assertThat(b).succeedsWithin(Duration.ofSeconds(10));
      seam.close();
      assertThat(ran).isFalse();
      assertThat(org.assertj.core.api.Assertions.catchThrowable(queued::join))
          .isInstanceOf(CancellationException.class);
    }
  }
}
