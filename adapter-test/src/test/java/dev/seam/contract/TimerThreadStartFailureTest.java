package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.ThreadMode;
import dev.seam.internal.SeamConfig;
import dev.seam.internal.SeamImpl;
import dev.seam.internal.SeamThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seam's own timer thread cannot be started, every time it is tried, exactly as when the JVM is
 * out of native threads: {@code Thread.start()} throws {@code OutOfMemoryError: unable to create
 * native thread}. No promise breaks: {@code call()} never throws, a running call's deadline still
 * passes (its future fails with a timeout and its worker is interrupted), the permit returns and
 * the worker loop goes on taking calls.
 */
class TimerThreadStartFailureTest {

  /** Platform threads from here start, except the seam's timer, which never does. */
  private static final class NoTimerThread {
    final AtomicInteger refused = new AtomicInteger();

    SeamThreadFactory factory() {
      return new SeamThreadFactory(
          r ->
              new Thread(r) {
                @Override
                public synchronized void start() {
                  if (getName().endsWith("-timer")) {
                    refused.incrementAndGet();
                    throw new OutOfMemoryError("unable to create native thread");
                  }
                  super.start();
                }
              });
    }
  }

  private static Seam seam(String name, NoTimerThread threads, Duration timeout) {
    return SeamImpl.start(
        new SeamConfig(
            name,
            1,
            10,
            timeout,
            true,
            List.of(),
            true,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ZERO,
            null, // the seam's own clock and timer thread
            ThreadMode.PLATFORM,
            null,
            null,
            null),
        threads.factory());
  }

  @Test
  void aRunningCallStillTimesOutAndIsInterruptedWhenTheTimerThreadNeverStarts() throws Exception {
    NoTimerThread threads = new NoTimerThread();
    try (Seam seam = seam("no-timer-thread", threads, Duration.ofMillis(200))) {
      Gate gate = new Gate();
      AtomicReference<CompletableFuture<String>> f = new AtomicReference<>();

      assertThatCode(() -> f.set(seam.call(() -> gate.pass("late")))).doesNotThrowAnyException();

      gate.awaitStarted();
      assertThat(f.get())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
      assertThat(threads.refused.get()).isPositive();
      // The permit came back and the worker loop goes on: the next calls run, still without timer.
      assertThat(seam.call(() -> "next")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("next");
      Await.until(() -> seam.stats().running() == 0, "the permit came back");
      assertThat(seam.stats().timedOut()).isEqualTo(1);
    }
  }

  @Test
  void aQueuedCallBehindAStuckOneStillTimesOutWhenTheTimerThreadNeverStarts() throws Exception {
    NoTimerThread threads = new NoTimerThread();
    try (Seam seam = seam("no-timer-queued", threads, Duration.ofMillis(200))) {
      Gate first = new Gate();
      // Ignores its interrupt, so the queued call is still queued when its own deadline passes.
      CompletableFuture<String> running = seam.call(() -> first.passIgnoringInterrupts("first"));
      first.awaitStarted();
      CompletableFuture<String> queued = seam.call(() -> "never runs in time");

      assertThat(queued)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      assertThat(running)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      first.open();
      first.awaitReturned();
      assertThat(seam.call(() -> "after")).succeedsWithin(Duration.ofSeconds(10));
    }
  }
}
