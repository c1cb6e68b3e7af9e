package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A driver deaf to interrupt, cancel and abort: the call still fails at its deadline, and the
 * worker it cannot free is reported: counted as abandoned in the stats, its permit held (the next
 * call waits and times out instead of overcommitting the database), and a warning logged. Capacity
 * shrinks visibly, never silently, and comes back when the driver finally returns.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class DeafDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofMillis(300);

  private final ManualClock clock = new ManualClock();

  @Test
  void driverDeafToInterruptAndCancelIsReportedAbandonedAndHoldsItsPermit() throws Exception {
    DeafDriver driver = new DeafDriver();
    try (LogCapture log = new LogCapture("dev.seam.jdbc");
        Seam seam =
            Seam.builder("deaf")
                .maxConcurrency(1)
                .maxQueued(1)
                .clock(clock) // deadlines pass when the test says, however slow the machine
                .timeout(DEADLINE)
                .interruptOnCancel(true) // AsyncJdbc turns it off per call; the fake ignores both
                .build();
        AsyncJdbc jdbc =
            AsyncJdbc.builder(driver.dataSource(), seam)
                .abortAfter(Duration.ofMillis(200))
                .build()) {
      CompletableFuture<Optional<Long>> stuck = jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong);
      assertThat(driver.executing.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stuck).isNotDone();
      clock.advance(DEADLINE);
      assertThat(stuck)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      await("abort warning").atMost(WAIT).until(() -> !log.warnings().isEmpty());
      assertThat(log.warnings().get(0))
          .contains("seam 'deaf'", "did not return its connection within PT0.2S", "aborting");
      assertThat(driver.cancels.get()).as("Statement.cancel() was sent").isPositive();
      assertThat(driver.aborts.get()).as("Connection.abort() was tried").isEqualTo(1);

      SeamStats stats = seam.stats();
      assertThat(stats.running()).as("the permit stays with the stuck worker").isEqualTo(1);
      assertThat(stats.abandoned()).as("and the stats say so").isEqualTo(1);
      assertThat(stats.timedOut()).isEqualTo(1);

      // The next call cannot start: it waits for the held permit and times out unstarted.
      CompletableFuture<Optional<Long>> next = jdbc.queryOne("SELECT 2", JdbcTestBase::firstLong);
      assertThat(next).isNotDone();
      clock.advance(DEADLINE);
      assertThat(next)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SeamTimeoutException.class, e -> assertThat(e.started()).isFalse());

      driver.gate.countDown();
      await("the worker came back").atMost(WAIT).until(() -> seam.stats().running() == 0);
      assertThat(seam.stats().abandoned()).isZero();
      assertThat(driver.interruptsIgnored.get()).as("JDBC calls are not interrupted").isZero();
      JdbcTestBase.MEASURED.info(
          "deaf driver: call failed at its deadline; {} cancel(s) and 1 abort ignored; stats showed"
              + " running=1 abandoned=1 until the driver returned",
          driver.cancels.get());
    } finally {
      driver.gate.countDown();
    }
  }
}
