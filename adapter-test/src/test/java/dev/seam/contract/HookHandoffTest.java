package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cancel hooks are handed off promptly and never lost, whatever runs around them (C3+). */
@ExtendWith(SeamLeakCheck.class)
class HookHandoffTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void hooksRunWhileASlowDependentStageHoldsTheThreadThatTimedTheCallOut() throws Exception {
    try (Seam seam =
        Seam.builder("slow-stage").timeout(Duration.ofSeconds(1)).clock(clock).build()) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CountDownLatch stageMayFinish = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRan::countDown);
                return gate.pass("late");
              });
      f.exceptionally(
          e -> {
            try { // a dependent stage that blocks the thread completing the future
              stageMayFinish.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
            return "recovered";
          });
      gate.awaitStarted();

      // The deadline fires on this helper thread, which then runs the slow stage.
      CompletableFuture<Void> timer =
          CompletableFuture.runAsync(() -> clock.advance(Duration.ofSeconds(1)));

      assertThat(hookRan.await(10, TimeUnit.SECONDS))
          .as("the hook ran while the stage still held the timer thread")
          .isTrue();
      assertThat(timer).isNotDone();
      stageMayFinish.countDown();
      timer.get(10, TimeUnit.SECONDS);
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
    }
  }

  @Test
  void hookRegisteredAfterCloseStillRunsAndNothingThrows() throws Exception {
    Seam seam =
        Seam.builder("after-close")
            .timeout(Duration.ofSeconds(1))
            .shutdownGrace(Duration.ZERO)
            .clock(clock)
            .build();
    Gate gate = new Gate();
    CountDownLatch mayRegister = new CountDownLatch(1);
    AtomicReference<Throwable> registerFailure = new AtomicReference<>();
    AtomicInteger lateHookRuns = new AtomicInteger();
    CountDownLatch registered = new CountDownLatch(1);
    CompletableFuture<String> f =
        seam.call(
            call -> {
              gate.passIgnoringInterrupts("ignored");
              mayRegister.await(10, TimeUnit.SECONDS);
              try (CallContext.Registration r = call.onCancel(lateHookRuns::incrementAndGet)) {
                return "late";
              } catch (Throwable t) {
                registerFailure.set(t);
                throw t;
              } finally {
                registered.countDown();
              }
            });
    gate.awaitStarted();

    seam.close(); // the call ignores its interrupt: close gives up on it and stops its threads

    assertThat(f).isCompletedExceptionally();
    assertThatCode(() -> f.cancel(true)).doesNotThrowAnyException();
    gate.open();
    mayRegister.countDown();
    assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(registerFailure.get()).isNull();
    assertThat(lateHookRuns).hasValue(1);
    gate.awaitReturned();
    Await.until(() -> gate.runner().getState() == Thread.State.TERMINATED, "worker exits");
  }

  @Test
  void callThatOutlivesItsSlowCallCheckLeavesNoTimerBehind() throws Exception {
    try (Seam seam =
        Seam.builder("slow-check")
            .timeout(Duration.ofSeconds(10))
            .slowCallWarning(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("done"));
      gate.awaitStarted();

      clock.advance(Duration.ofSeconds(1)); // the slow-call check fires and re-arms the deadline
      assertThat(clock.pending()).isEqualTo(1);
      gate.open();

      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
      Await.until(() -> clock.pending() == 0, "the re-armed deadline is cancelled");
    }
  }

  @Test
  void aCancelWithNoHooksInterruptsTheWorkerEvenWhileSlowHooksHoldEveryCancelThread()
      throws Exception {
    try (Seam seam =
        Seam.builder("busy-cancellers")
            .maxConcurrency(3)
            .timeout(Duration.ofSeconds(30))
            .shutdownGrace(Duration.ZERO)
            .build()) {
      // Two calls whose hooks block: the seam's two cancel threads are taken by them.
      CountDownLatch hooksMayReturn = new CountDownLatch(1);
      CountDownLatch hooksRunning = new CountDownLatch(2);
      Gate[] slow = {new Gate(), new Gate()};
      CompletableFuture<?>[] slowCalls = new CompletableFuture<?>[2];
      for (int i = 0; i < 2; i++) {
        Gate g = slow[i];
        slowCalls[i] =
            seam.call(
                call -> {
                  call.onCancel(
                      () -> {
                        hooksRunning.countDown();
                        hooksMayReturn.await(20, TimeUnit.SECONDS);
                      });
                  return g.pass("slow");
                });
        g.awaitStarted();
      }
      Gate plain = new Gate();
      CompletableFuture<String> hookless = seam.call(() -> plain.pass("plain"));
      plain.awaitStarted();
      try {
        for (CompletableFuture<?> f : slowCalls) {
          f.cancel(true);
        }
        assertThat(hooksRunning.await(10, TimeUnit.SECONDS)).isTrue();

        hookless.cancel(true);
        plain.awaitReturned();
        assertThat(plain.sawInterrupt())
            .as("interrupted without waiting for a cancel thread")
            .isTrue();
      } finally {
        hooksMayReturn.countDown();
      }
      for (Gate g : slow) {
        g.awaitReturned();
        assertThat(g.sawInterrupt()).isTrue();
      }
    }
  }
}
