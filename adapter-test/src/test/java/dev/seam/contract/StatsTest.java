package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallOptions;
import dev.seam.LatencySummary;
import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class StatsTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void countsEveryOutcome() throws Exception {
    try (Seam seam =
        Seam.builder("stats")
            .maxConcurrency(1)
            .maxQueued(1)
            .timeout(Duration.ofSeconds(1))
            .clock(clock)
            .build()) {
      assertThat(seam.call(() -> "ok")).succeedsWithin(Duration.ofSeconds(10));
      assertThat(
              seam.call(
                  () -> {
                    throw new IOException("no");
                  }))
          .failsWithin(Duration.ofSeconds(10));

      Gate gate = new Gate();
      CompletableFuture<String> timesOut = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();
      CompletableFuture<String> cancelled = seam.call(() -> "cancelled while queued");
      CompletableFuture<String> rejected = seam.call(() -> "rejected");
      cancelled.cancel(false);
      clock.advance(Duration.ofSeconds(1));
      gate.awaitReturned();
      assertThat(timesOut).isCompletedExceptionally();
      assertThat(rejected).isCompletedExceptionally();
      seam.close();

      SeamStats s = seam.stats();
      assertThat(s.submitted()).isEqualTo(5);
      assertThat(s.succeeded()).isEqualTo(1);
      assertThat(s.failed()).isEqualTo(1);
      assertThat(s.timedOut()).isEqualTo(1);
      assertThat(s.cancelled()).isEqualTo(1);
      assertThat(s.rejected()).isEqualTo(1);
      assertThat(s.running()).isZero();
      assertThat(s.queued()).isZero();
      assertThat(s.abandoned()).isZero();
      assertThat(s.seamName()).isEqualTo("stats");
      assertThat(s.maxConcurrency()).isEqualTo(1);
      assertThat(s.maxQueued()).isEqualTo(1);
    }
  }

  @Test
  void runTimePercentilesComeFromTheClock() throws Exception {
    try (Seam seam = Seam.builder("latency").maxConcurrency(1).clock(clock).build()) {
      for (int i = 1; i <= 100; i++) {
        Duration runFor = Duration.ofMillis(i);
        assertThat(
                seam.call(
                    () -> {
                      clock.advance(runFor);
                      return null;
                    }))
            .succeedsWithin(Duration.ofSeconds(10));
      }
      LatencySummary run = seam.stats().runTime();
      assertThat(run.count()).isEqualTo(100);
      assertThat(run.max()).isEqualTo(Duration.ofMillis(100));
      // Buckets are at most 12.5% wide, and a percentile reports its bucket's upper bound.
      assertThat(run.p50().toNanos()).isBetween(50_000_000L, 56_250_000L);
      assertThat(run.p90().toNanos()).isBetween(90_000_000L, 100_000_000L);
      assertThat(run.p99().toNanos()).isBetween(99_000_000L, 100_000_000L);
      assertThat(seam.stats().queueWait().max()).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void queueLagOverTheThresholdIsLoggedOnce() throws Exception {
    try (LogCapture log = new LogCapture();
        Seam seam =
            Seam.builder("laggy")
                .maxConcurrency(1)
                .queueLagWarning(Duration.ofMillis(100))
                .clock(clock)
                .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> first = seam.call(() -> gate.pass("first"));
      gate.awaitStarted();
      CompletableFuture<String> second = seam.call(() -> "second");
      CompletableFuture<String> third = seam.call(() -> "third");
      clock.advance(Duration.ofMillis(250));
      gate.open();
      assertThat(first).succeedsWithin(Duration.ofSeconds(10));
      assertThat(second).succeedsWithin(Duration.ofSeconds(10));
      assertThat(third).succeedsWithin(Duration.ofSeconds(10));

      assertThat(log.messages())
          .filteredOn(m -> m.contains("in the queue"))
          .singleElement()
          .asString()
          .startsWith("seam 'laggy': a call waited 250 ms in the queue (warning threshold 100 ms)");
    }
  }

  @Test
  void slowCallIsLoggedWithWhereItsWorkerIsBlockedAndStillTimesOut() throws Exception {
    try (LogCapture log = new LogCapture();
        Seam seam =
            Seam.builder("slow")
                .timeout(Duration.ofSeconds(5))
                .slowCallWarning(Duration.ofSeconds(1))
                .clock(clock)
                .build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();

      clock.advance(Duration.ofSeconds(1));

      assertThat(f).isNotDone();
      ch.qos.logback.classic.spi.ILoggingEvent warning =
          log.events().stream()
              .filter(e -> e.getFormattedMessage().contains("has been running for"))
              .findFirst()
              .orElseThrow();
      assertThat(warning.getFormattedMessage())
          .startsWith("seam 'slow': a call has been running for 1000 ms on seam-slow-")
          .contains("slow-call threshold 1000 ms, timeout 5000 ms");
      assertThat(warning.getThrowableProxy().getStackTraceElementProxyArray())
          .anySatisfy(
              frame ->
                  assertThat(frame.getStackTraceElement().getClassName())
                      .isEqualTo(Gate.class.getName()));

      clock.advance(Duration.ofSeconds(4));

      assertThat(f).isCompletedExceptionally();
      gate.awaitReturned();
    }
  }

  @Test
  void aCallsOwnSlowCallWarningReplacesTheSeamsAndZeroSwitchesItOff() throws Exception {
    try (LogCapture log = new LogCapture();
        Seam seam =
            Seam.builder("long")
                .timeout(Duration.ofMinutes(1))
                .slowCallWarning(Duration.ofSeconds(1))
                .clock(clock)
                .build()) {
      Gate off = new Gate();
      CompletableFuture<String> quiet =
          seam.call(
              CallOptions.defaults().withSlowCallWarning(Duration.ZERO), call -> off.pass("a"));
      off.awaitStarted();
      Gate later = new Gate();
      CompletableFuture<String> own =
          seam.call(
              CallOptions.defaults().withSlowCallWarning(Duration.ofSeconds(3)),
              call -> later.pass("b"));
      later.awaitStarted();

      clock.advance(Duration.ofSeconds(2)); // past the seam's threshold, not the call's own
      assertThat(log.events()).noneMatch(e -> e.getFormattedMessage().contains("running for"));

      clock.advance(Duration.ofSeconds(1));
      assertThat(log.events())
          .filteredOn(e -> e.getFormattedMessage().contains("running for"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("running for 3000 ms")
                      .contains("slow-call threshold 3000 ms, timeout 60000 ms"));
      off.open();
      later.open();
      assertThat(quiet).succeedsWithin(Duration.ofSeconds(10));
      assertThat(own).succeedsWithin(Duration.ofSeconds(10));
    }
    assertThat(CallOptions.defaults().withSlowCallWarning(Duration.ZERO).slowCallWarningOrNull())
        .isZero();
  }

  @Test
  void fastCallsLogNoSlowWarning() throws Exception {
    try (LogCapture log = new LogCapture();
        Seam seam =
            Seam.builder("fast").slowCallWarning(Duration.ofSeconds(1)).clock(clock).build()) {
      assertThat(seam.call(() -> "quick")).succeedsWithin(Duration.ofSeconds(10));
      clock.advance(Duration.ofSeconds(2));
      assertThat(log.messages()).noneMatch(m -> m.contains("has been running"));
    }
  }
}
