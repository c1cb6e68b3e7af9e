package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stats count the outcome the caller observed, even when the holder wins a race (C7). */
@ExtendWith(SeamLeakCheck.class)
class StatsAgreementTest {
  /** Holds completions until the test runs them: the window between "decided" and "completed". */
  private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

  private void runHeld() {
    Runnable r;
    while ((r = held.poll()) != null) {
      r.run();
    }
  }

  @Test
  void callCancelledByItsHolderAsItFinishedCountsAsCancelled() {
    try (Seam seam = Seam.builder("finish-race").completeOn(held::add).build()) {
      CompletableFuture<String> f = seam.call(() -> "value");
      Await.until(() -> !held.isEmpty(), "the call finished and handed over its completion");

      f.cancel(true); // lands after the worker decided, before the future completed
      runHeld();

      assertThat(f).isCancelled();
      Await.until(() -> seam.stats().running() == 0, "the worker is done");
      SeamStats stats = seam.stats();
      assertThat(stats.succeeded()).isZero();
      assertThat(stats.cancelled()).isEqualTo(1);
    }
  }

  @Test
  void callCancelledByItsHolderAsItTimedOutCountsAsCancelled() throws Exception {
    ManualClock clock = new ManualClock();
    try (Seam seam =
        Seam.builder("timeout-race")
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .completeOn(held::add)
            .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();

      clock.advance(Duration.ofSeconds(1)); // decided: timed out, completion held
      f.cancel(true);
      runHeld();

      assertThat(f).isCancelled();
      gate.awaitReturned();
      SeamStats stats = seam.stats();
      assertThat(stats.timedOut()).isZero();
      assertThat(stats.cancelled()).isEqualTo(1);
    }
  }
}
