package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * C3, C3+, C3++: the resource-level cancel (hooks, or with none the interrupt) is never held up by
 * other calls' hooks, by the future's dependent stages, or by a backed-up completeOn executor.
 */
@ExtendWith(SeamLeakCheck.class)
class CancelReachTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void aDeadlineInterruptsAHooklessCallAtOnceWhileSlowHooksHoldEveryCancelThread()
      throws Exception {
    try (Seam seam =
        Seam.builder("deadline-busy-cancellers")
            .maxConcurrency(3)
            .timeout(Duration.ofSeconds(30))
            .shutdownGrace(Duration.ZERO)
            .clock(clock)
            .build()) {
      CountDownLatch hooksMayReturn = new CountDownLatch(1);
      CountDownLatch hooksRunning = new CountDownLatch(2);
      Gate[] slow = {new Gate(), new Gate()};
      List<CompletableFuture<String>> slowCalls = new ArrayList<>();
      for (Gate g : slow) {
        slowCalls.add(
            seam.call(
                call -> {
                  call.onCancel(
                      () -> {
                        hooksRunning.countDown();
                        hooksMayReturn.await(20, TimeUnit.SECONDS);
                      });
                  return g.pass("slow");
                }));
        g.awaitStarted();
      }
      try {
        slowCalls.forEach(f -> f.cancel(true));
        assertThat(hooksRunning.await(10, TimeUnit.SECONDS)).isTrue(); // both cancel threads busy

        Gate plain = new Gate();
        CompletableFuture<String> hookless =
            seam.call(Duration.ofSeconds(1), call -> plain.pass("plain"));
        plain.awaitStarted();
        clock.advance(Duration.ofSeconds(1)); // its deadline: no hook, only the interrupt

        plain.awaitReturned();
        assertThat(plain.sawInterrupt()).as("interrupted without a cancel thread").isTrue();
        assertThat(hookless).isCompletedExceptionally();
      } finally {
        hooksMayReturn.countDown();
      }
      for (Gate g : slow) {
        g.awaitReturned();
      }
    }
  }

  @Test
  void aCallersCancelRunsTheHookBeforeASlowDependentStageOnTheCancellingThread() throws Exception {
    try (Seam seam = Seam.builder("cancel-before-stages").build()) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRan::countDown); // Statement.cancel(), an exchange abort
                return gate.pass("late");
              });
      AtomicBoolean hookBeforeStageEnded = new AtomicBoolean();
      CompletableFuture<String> stage =
          f.whenComplete(
              (v, e) -> {
                try { // a slow stage, run by cancel() on the cancelling thread
                  hookBeforeStageEnded.set(hookRan.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              });
      gate.awaitStarted();

      assertThat(f.cancel(true)).isTrue();

      assertThat(hookBeforeStageEnded)
          .as("the hook ran while the stage still held the cancelling thread")
          .isTrue();
      assertThat(stage).isCompletedExceptionally();
      gate.awaitReturned();
    }
  }

  @Test
  void aBackedUpCompleteOnExecutorDelaysEachCallsHooksByTheBoundNotTheSum() throws Exception {
    int calls = 20;
    ExecutorService completion = Executors.newSingleThreadExecutor();
    CountDownLatch completionMayRun = new CountDownLatch(1);
    completion.execute(
        () -> {
          try { // backed up: nothing completes until the test says so
            completionMayRun.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (Seam seam =
        Seam.builder("complete-on-backed-up")
            .maxConcurrency(calls)
            .timeout(Duration.ofSeconds(1))
            .completeOn(completion)
            .clock(clock)
            .build()) {
      CountDownLatch hooks = new CountDownLatch(calls);
      AtomicLong lastHookAt = new AtomicLong();
      List<Gate> gates = new ArrayList<>();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        Gate g = new Gate();
        gates.add(g);
        futures.add(
            seam.call(
                call -> {
                  call.onCancel(
                      () -> {
                        lastHookAt.accumulateAndGet(System.nanoTime(), Math::max);
                        hooks.countDown();
                      });
                  return g.pass("late");
                }));
        g.awaitStarted();
      }

      clock.advance(Duration.ofSeconds(1)); // twenty deadlines at once
      long start = System.nanoTime();
      clock.advance(Duration.ofMillis(100)); // each call's bounded wait for its future

      assertThat(hooks.await(10, TimeUnit.SECONDS)).isTrue();
      // Before, each call's hooks waited 100 ms of real time on one of the two cancel threads, one
      // call after another: at least a second for the last. Now none waits once the bound passed.
      assertThat(TimeUnit.NANOSECONDS.toMillis(lastHookAt.get() - start))
          .as("ms from the bound to the last call's hook")
          .isLessThan(800);
      assertThat(futures).noneMatch(CompletableFuture::isDone); // still behind the executor
      completionMayRun.countDown();
      for (Gate g : gates) {
        g.awaitReturned();
      }
      for (CompletableFuture<String> f : futures) {
        assertThat(f).failsWithin(Duration.ofSeconds(10));
      }
    } finally {
      completion.shutdown();
      assertThat(completion.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
