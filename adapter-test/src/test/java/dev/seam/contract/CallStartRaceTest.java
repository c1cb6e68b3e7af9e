package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cancel or deadline that lands while a worker is starting a call (C3+, C2+). The worker is
 * stalled inside its n-th clock read, which pins it to a known step of starting the call.
 */
@ExtendWith(SeamLeakCheck.class)
class CallStartRaceTest {
  private final StallClock clock = new StallClock();

  private Seam seam(String name) {
    return Seam.builder(name)
        .maxConcurrency(1)
        .maxQueued(4)
        .timeout(Duration.ofSeconds(1))
        .interruptOnCancel(true)
        .queueLagWarning(Duration.ZERO)
        .slowCallWarning(Duration.ZERO)
        .clock(clock)
        .build();
  }

  @ParameterizedTest(name = "cancel during clock read {0}")
  @ValueSource(ints = {1, 2, 3})
  void cancelAtCallStartEitherPreventsTheCallOrInterruptsIt(int read) throws Exception {
    try (Seam seam = seam("start-cancel")) {
      Gate gate = new Gate();
      clock.stallRead("seam-start-cancel-", read);
      CompletableFuture<String> f = seam.call(() -> gate.pass("natural end"));
      boolean stalled = clock.awaitStalled(1_000);

      f.cancel(true);
      // Let the cancel threads finish whatever the cancel handed them before the worker moves on,
      // so the interrupt, if any, lands while the worker is still stalled.
      Await.until(() -> cancelThreadsIdle("seam-start-cancel-cancel-"), "cancel threads idle");
      clock.release();

      assertThat(f).isCancelled();
      // Either the body starts, or the worker gives the call up and its permit back.
      Await.until(() -> gate.hasStarted() || seam.stats().running() == 0, "the worker decided");
      if (gate.hasStarted()) {
        gate.awaitReturned();
        assertThat(gate.sawInterrupt())
            .as("a call that started after its cancel (stalled=%s) must be interrupted", stalled)
            .isTrue();
      }
      assertFreshCallRuns(seam);
    }
  }

  @ParameterizedTest(name = "deadline during clock read {0}")
  @ValueSource(ints = {1, 2, 3})
  void deadlineAtCallStartEitherPreventsTheCallOrInterruptsIt(int read) throws Exception {
    try (Seam seam = seam("start-deadline")) {
      Gate gate = new Gate();
      AtomicInteger hookRuns = new AtomicInteger();
      clock.stallRead("seam-start-deadline-", read);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRuns::incrementAndGet);
                return gate.pass("natural end");
              });
      boolean stalled = clock.awaitStalled(1_000);

      clock.advance(Duration.ofSeconds(1));
      Await.until(() -> cancelThreadsIdle("seam-start-deadline-cancel-"), "cancel threads idle");
      clock.release();

      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class);
      Await.until(() -> gate.hasStarted() || seam.stats().running() == 0, "the worker decided");
      if (gate.hasStarted()) {
        gate.awaitReturned();
        assertThat(gate.sawInterrupt())
            .as("a call that started after its deadline (stalled=%s) must be interrupted", stalled)
            .isTrue();
        assertThat(hookRuns).hasValue(1);
      } else {
        assertThat(hookRuns).hasValue(0);
      }
      assertFreshCallRuns(seam);
    }
  }

  @Test
  void queuedCallWhoseDeadlinePassedNeverStartsEvenWhenTheTimerIsLate() throws Exception {
    try (Seam seam = seam("late-timer")) {
      Gate first = new Gate();
      CompletableFuture<String> running = seam.call(() -> first.pass("first"));
      first.awaitStarted();
      CountDownLatch secondStarted = new CountDownLatch(1);
      CompletableFuture<String> queued =
          seam.call(
              () -> {
                secondStarted.countDown();
                return "second";
              });

      clock.skip(Duration.ofSeconds(2)); // past the deadline, but the timer has not fired
      first.open();

      assertThat(running).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
      assertThat(queued)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class)
          .withMessageContaining("never started");
      assertThat(secondStarted.getCount()).as("the expired call's body ran").isEqualTo(1);
      assertThat(seam.stats().timedOut()).isEqualTo(1);
    }
  }

  private static boolean cancelThreadsIdle(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .allMatch(
            t ->
                t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
  }

  /** The permit came back: a new call runs to its end. */
  private void assertFreshCallRuns(Seam seam) {
    assertThat(seam.call(Duration.ofDays(1), call -> "fresh"))
        .succeedsWithin(Duration.ofSeconds(10))
        .isEqualTo("fresh");
    Await.until(() -> seam.stats().running() == 0, "the permit came back");
  }
}
