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
      // The warning is logged just before the abort is tried, on the abort executor.
      await("abort tried").atMost(WAIT).until(() -> driver.aborts.get() > 0);
      assertThat(driver.aborts.get()).as("Connection.abort() was tried once").isEqualTo(1);

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

  /**
   * A cancel that reaches a statement which has entered {@code execute} but does not count as
   * running yet is dropped by the driver. Seam sends it again, at doubling intervals, while the
   * statement is inside {@code execute}: the statement stops at the first cancel it can hear, long
   * before the abort bound.
   */
  @Test
  void cancelDroppedByAStatementEnteringExecuteIsSentAgainUntilItLands() throws Exception {
    DeafDriver driver = new DeafDriver().hearingCancelOnceRunning();
    Duration abortAfter = Duration.ofSeconds(5);
    try (LogCapture log = new LogCapture("dev.seam.jdbc");
        Seam seam = Seam.builder("late").maxConcurrency(1).timeout(WAIT).build();
        AsyncJdbc jdbc =
            AsyncJdbc.builder(driver.dataSource(), seam).abortAfter(abortAfter).build()) {
      CompletableFuture<Optional<Long>> f = jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong);
      assertThat(driver.executing.await(10, TimeUnit.SECONDS)).isTrue();
      long cancelledAt = System.nanoTime();
      f.cancel(true);
      assertThat(driver.firstCancel.await(10, TimeUnit.SECONDS)).isTrue(); // dropped
      driver.running.countDown(); // the statement now counts as running: a cancel would land
      await("the worker came back").atMost(WAIT).until(() -> seam.stats().running() == 0);
      long returnedMs = (System.nanoTime() - cancelledAt) / 1_000_000;
      assertThat(driver.cancels.get()).as("the cancel was sent again").isGreaterThanOrEqualTo(2);
      assertThat(log.warnings()).as("the abort bound was not needed").isEmpty();
      assertThat(returnedMs)
          .as("well before the abort bound")
          .isLessThan(abortAfter.toMillis() / 2);
      JdbcTestBase.MEASURED.info(
          "cancel dropped by a statement entering execute: sent {} times, the worker returned {} ms"
              + " after the cancel ({} ms abort bound)",
          driver.cancels.get(),
          returnedMs,
          abortAfter.toMillis());
    } finally {
      driver.gate.countDown();
    }
  }

  /**
   * A row stream cancelled while its worker is inside the driver fetching a row: the subscription's
   * own cancel (sent twice, from two threads, as rule 3.7 allows) and the call's deadline hook all
   * reach the one lease, whose cancel runs once: one {@code Statement.cancel()} reaches the driver.
   * Not inside {@code execute}, so nothing is re-sent; the abort bound is far off.
   */
  @Test
  void aStreamCancelledWhileFetchingRunsItsLeasesCancelExactlyOnce() throws Exception {
    DeafDriver driver = new DeafDriver().blockingInNextRow();
    try (Seam seam =
            Seam.builder("stream-once").maxConcurrency(1).clock(clock).timeout(DEADLINE).build();
        AsyncJdbc jdbc =
            AsyncJdbc.builder(driver.dataSource(), seam)
                .abortAfter(Duration.ofSeconds(30))
                .build()) {
      RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
      jdbc.stream("SELECT x FROM rows", JdbcTestBase::firstLong).subscribe(rows);
      rows.request(1);
      assertThat(driver.executing.await(10, TimeUnit.SECONDS)).as("inside next()").isTrue();
      CompletableFuture<Void> other = CompletableFuture.runAsync(rows::cancel);
      rows.cancel();
      assertThat(other).succeedsWithin(WAIT);
      clock.advance(DEADLINE); // the call's hook fires too, onto the same lease
      await("the deadline passed").atMost(WAIT).until(() -> seam.stats().timedOut() == 1);
      assertThat(driver.cancels.get()).as("Statement.cancel() calls").isEqualTo(1);
      driver.gate.countDown();
      await("the worker came back").atMost(WAIT).until(() -> seam.stats().running() == 0);
      assertThat(driver.cancels.get()).as("Statement.cancel() calls, at the end").isEqualTo(1);
      // (One abort comes at the return: a pool Seam does not know cannot evict a connection the
      // cancel left in doubt.)
      assertThat(rows.items).isEmpty();
      assertThat(rows.terminalSignals).hasValue(0);
    } finally {
      driver.gate.countDown();
    }
  }

  /**
   * Point 5 of issue 21: a cancelled statement that stays inside {@code execute} gets its cancel
   * re-sent about seven times and then an abort, on the one shared scheduler; before, each of those
   * started a platform thread of its own. Counted with the JVM's started-thread counter, polled on
   * the test thread so the wait starts none itself.
   */
  @Test
  void cancellingAStatementThatKeepsExecutingStartsNoThreadPerRetry() throws Exception {
    DeafDriver driver = new DeafDriver();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    try (Seam seam = Seam.builder("threads").maxConcurrency(1).timeout(WAIT).build();
        AsyncJdbc jdbc =
            AsyncJdbc.builder(driver.dataSource(), seam)
                .abortAfter(Duration.ofSeconds(1))
                .build()) {
      CompletableFuture<Optional<Long>> f = jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong);
      assertThat(driver.executing.await(10, TimeUnit.SECONDS)).isTrue();
      long before = threads.getTotalStartedThreadCount();
      f.cancel(true);
      await("abort tried").pollInSameThread().atMost(WAIT).until(() -> driver.aborts.get() > 0);
      long started = threads.getTotalStartedThreadCount() - before;
      assertThat(driver.cancels.get()).as("the cancel was re-sent").isGreaterThanOrEqualTo(5);
      // The two scheduler threads, the seam's cancel thread and one to spare.
      assertThat(started).as("threads started by one cancel").isLessThanOrEqualTo(4);
      JdbcTestBase.MEASURED.info(
          "one deaf cancelled statement: {} cancels and 1 abort sent, {} threads started",
          driver.cancels.get(),
          started);
    } finally {
      driver.gate.countDown();
    }
  }
}
