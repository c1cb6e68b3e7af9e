package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.SeamCallException;
import dev.seam.SeamTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Streaming rows with backpressure (J5), on each database. */
abstract class StreamContract extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void streamDeliversEveryRowInOrderThenCompletes() {
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    jdbc.stream(db().rangeQuery(250), JdbcTestBase::firstLong).subscribe(rows);
    rows.request(Long.MAX_VALUE);
    assertThat(rows.done).succeedsWithin(WAIT);
    assertThat(rows.items).hasSize(250).startsWith(1L, 2L, 3L).endsWith(250L);
    assertThat(rows.terminalSignals).hasValue(1);
  }

  @Test
  void streamReadsOnlyTheRowsTheSubscriberRequested() {
    AtomicInteger mapped = new AtomicInteger();
    AtomicInteger fetchSize = new AtomicInteger();
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    long start = System.nanoTime();
    jdbc.stream(
            db().rangeQuery(1_000_000),
            rs -> {
              mapped.incrementAndGet();
              fetchSize.set(rs.getStatement().getFetchSize());
              return rs.getLong(1);
            })
        .subscribe(rows);
    assertThat(rows.requestAndWait(10)).succeedsWithin(WAIT);
    long firstTen = System.nanoTime() - start;
    rows.cancel();
    awaitWorkersReturned();
    assertThat(rows.items).hasSize(10);
    assertThat(mapped).hasValue(10);
    assertThat(fetchSize).hasValue(100);
    assertThat(rows.terminalSignals).hasValue(0);
    MEASURED.info(
        "{}: stream of 1,000,000 rows, 10 requested: 10 mapped, fetch size {}, first 10 in {} ms",
        db(),
        fetchSize.get(),
        firstTen / 1_000_000);
  }

  @Test
  void cancellingTheSubscriptionWhileFetchingStopsTheStatement() {
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    jdbc.stream(db().slowQuery(), JdbcTestBase::firstLong).subscribe(rows);
    rows.request(1);
    awaitSlowQueryRunning();
    long cancelled = System.nanoTime();
    rows.cancel();
    awaitWorkersReturned();
    MEASURED.info(
        "{}: stream cancelled while fetching: worker returned within {} ms",
        db(),
        (System.nanoTime() - cancelled) / 1_000_000);
    assertThat(rows.items).isEmpty();
    assertThat(rows.terminalSignals).hasValue(0);
  }

  @Test
  void streamDeadlineEndsTheStreamWithATimeout() {
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    // PostgreSQL materialises generate_series before its first row: 0.4 to 0.8 s for a million rows
    // on a loaded machine, so a 1 s deadline sometimes passed before the first row arrived.
    jdbc.withTimeout(Duration.ofSeconds(3)).stream(
            db().rangeQuery(1_000_000), JdbcTestBase::firstLong)
        .subscribe(rows);
    assertThat(rows.requestAndWait(1)).succeedsWithin(WAIT);
    assertThat(rows.done)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SeamTimeoutException.class);
    awaitWorkersReturned();
    assertThat(rows.items).containsExactly(1L);
    assertThat(rows.terminalSignals).hasValue(1);
  }

  @Test
  void badSqlEndsTheStreamWithAnErrorNamingTheSql() {
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    jdbc.stream("SELECT nope FROM no_such_table", JdbcTestBase::firstLong).subscribe(rows);
    rows.request(5);
    assertThat(rows.done)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamCallException.class)
        .withMessageContaining("SELECT nope FROM no_such_table")
        .havingCause()
        .isInstanceOf(SqlStatementException.class);
  }

  @Test
  void requestOfZeroEndsTheStreamWithIllegalArgument() {
    AtomicLong mapped = new AtomicLong();
    RecordingSubscriber<Long> rows = new RecordingSubscriber<>();
    jdbc.stream(
            db().rangeQuery(10),
            rs -> {
              mapped.incrementAndGet();
              return rs.getLong(1);
            })
        .subscribe(rows);
    rows.subscription.join().request(0);
    assertThat(rows.done)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalArgumentException.class)
        .withMessageContaining("n > 0: 0");
    awaitWorkersReturned();
    assertThat(mapped).hasValue(0);
  }
}
