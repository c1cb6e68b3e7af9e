package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Forever" durations are capped at Long.MAX_VALUE nanoseconds (about 292 years): no overflow
 * throws from {@code call()}, kills a worker, fires a deadline at once or keeps a seam open.
 */
@ExtendWith(SeamLeakCheck.class)
class ForeverDurationTest {
  private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();
  private static final Duration LONG_SECONDS = Duration.ofSeconds(Long.MAX_VALUE);

  @Test
  void foreverSeamTimeoutNeverFiresAndCallsRun() throws Exception {
    Seam seam = Seam.builder("forever-timeout").timeout(FOREVER).build();
    Gate gate = new Gate();
    CompletableFuture<String> f = seam.call(() -> gate.pass("done"));
    gate.awaitStarted();
    assertThat(f).isNotDone();
    gate.open();
    assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
    seam.close();
  }

  @Test
  void foreverPerCallTimeoutsNeverThrowFromCall() {
    ManualClock clock = new ManualClock();
    try (Seam seam = Seam.builder("forever-per-call").clock(clock).build()) {
      clock.advance(Duration.ofDays(365));
      CompletableFuture<String> a = seam.call(LONG_SECONDS, call -> "a");
      CompletableFuture<String> b = seam.call(CallOptions.timeout(FOREVER), call -> "b");
      assertThat(a).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("a");
      assertThat(b).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("b");
      assertThat(clock.pending()).isZero();
    }
  }

  @Test
  void foreverPerCallTimeoutOnTheSystemClockDoesNotTimeOutAtOnce() throws Exception {
    try (Seam seam = Seam.builder("forever-system").build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(FOREVER, call -> gate.pass("done"));
      gate.awaitStarted();
      assertThat(f).isNotDone();
      assertThat(seam.call(LONG_SECONDS, call -> call.remaining().toDays() > 365 * 200))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo(true);
      gate.open();
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
    }
  }

  @Test
  void foreverWarningThresholdsNeverKillAWorker() {
    ManualClock clock = new ManualClock();
    try (Seam seam =
        Seam.builder("forever-warnings")
            .maxConcurrency(1)
            .maxQueued(5)
            .queueLagWarning(FOREVER)
            .slowCallWarning(LONG_SECONDS)
            .clock(clock)
            .build()) {
      CompletableFuture<String> first = seam.call(() -> "first");
      CompletableFuture<String> second = seam.call(() -> "second");
      assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
      assertThat(second).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("second");
      assertThat(seam.call(() -> "third"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("third");
    }
  }

  @Test
  void foreverShutdownGraceStillClosesAnIdleSeamAndDrainsFinishedWork() throws Exception {
    Seam seam = Seam.builder("forever-grace").shutdownGrace(FOREVER).build();
    assertThat(seam.call(() -> "done")).succeedsWithin(Duration.ofSeconds(10));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(seam::close);
    assertThatCode(() -> closing.get(10, TimeUnit.SECONDS)).doesNotThrowAnyException();
    assertThat(seam.isClosed()).isTrue();
  }
}
