package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Deadlines, cancellation, transactions and worker confinement (J1-J3), on each database. */
abstract class CancelContract extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** What legacy code saw when its statement stopped. */
  static final class Stopped {
    final AtomicReference<String> sqlState = new AtomicReference<>();
    final AtomicLong atNanos = new AtomicLong();
    final AtomicReference<Boolean> interrupted = new AtomicReference<>();
  }

  /** Legacy code that runs the slow query on its own statement and records how it stopped. */
  ConnectionCallback<Long> slowLegacyCall(Stopped stopped) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement(db().slowQuery());
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        stopped.atNanos.set(System.nanoTime());
        stopped.sqlState.set(db().stoppedState(e));
        stopped.interrupted.set(Thread.currentThread().isInterrupted());
        throw e;
      }
    };
  }

  @Test
  void timeoutCancelsTheRunningStatementAndReturnsTheConnection() {
    Stopped stopped = new Stopped();
    AtomicLong failedAt = new AtomicLong();
    long submitted = System.nanoTime();
    CompletableFuture<Long> f =
        jdbc.withTimeout(Duration.ofMillis(300))
            .withConnection(slowLegacyCall(stopped))
            .whenComplete((v, e) -> failedAt.set(System.nanoTime()));
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SeamTimeoutException.class);
    awaitWorkersReturned();
    assertThat(stopped.sqlState.get())
        .isEqualTo(db().cancelledState()); // query_canceled, on both databases
    MEASURED.info(
        "{}: 300 ms deadline: future failed after {} ms; the statement stopped {} ms after that",
        db(),
        (failedAt.get() - submitted) / 1_000_000,
        String.format("%.1f", (stopped.atNanos.get() - failedAt.get()) / 1e6));
  }

  @Test
  void timeoutOfAQueryNamesItsSqlButNoParameter() {
    CompletableFuture<Optional<Long>> f =
        jdbc.withTimeout(Duration.ofMillis(300))
            .queryOne(db().slowQuery(), JdbcTestBase::firstLong);
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamTimeoutException.class)
        .withMessageContaining("call \"" + db().slowQuery() + "\" timed out after 300 ms");
    awaitWorkersReturned();
  }

  @Test
  void cancelReachesStatementsThatLegacyCodeCreated() {
    Stopped stopped = new Stopped();
    CompletableFuture<Long> f = jdbc.withConnection(slowLegacyCall(stopped));
    awaitSlowQueryRunning();
    long cancelled = System.nanoTime();
    assertThat(f.cancel(true)).isTrue();
    assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(CancellationException.class);
    awaitWorkersReturned();
    assertThat(stopped.sqlState.get()).isEqualTo(db().cancelledState());
    MEASURED.info(
        "{}: cancel(): the statement stopped {} ms after the future was cancelled",
        db(),
        String.format("%.1f", (stopped.atNanos.get() - cancelled) / 1e6));
  }

  /**
   * Drivers drop a {@code Statement.cancel()} that reaches an idle statement, so a cancel landing
   * between {@code prepareStatement} and {@code execute} used to be lost: the query then ran until
   * its query timeout (here ten seconds) or the abort bound (three). The latch holds the worker
   * between the two until the cancel hook has reached the idle statement.
   */
  @Test
  void cancelBetweenPrepareAndExecuteRefusesTheExecute() throws Exception {
    CancelSpy spy = new CancelSpy();
    CountDownLatch prepared = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    Stopped stopped = new Stopped();
    AtomicLong executeCalledAt = new AtomicLong();
    AtomicReference<String> message = new AtomicReference<>();
    // A pool of its own: connections behind the spy cannot be evicted through HikariCP, so they are
    // aborted, and the pool under test must not see them again.
    try (HikariDataSource spiedPool = db().pool("spied-" + db(), 1);
        Seam spiedSeam = AsyncJdbc.seamFor("spied", spiedPool).timeout(WAIT).build();
        AsyncJdbc spied = AsyncJdbc.builder(spy.over(spiedPool), spiedSeam).build()) {
      CompletableFuture<Long> f =
          spied.withConnection(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(db().slowQuery())) {
                  prepared.countDown();
                  if (!resume.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never resumed the call");
                  }
                  executeCalledAt.set(System.nanoTime());
                  try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                } catch (SQLException e) {
                  stopped.atNanos.set(System.nanoTime());
                  stopped.sqlState.set(db().stoppedState(e));
                  message.set(e.getMessage());
                  throw e;
                }
              });
      try {
        assertThat(prepared.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel(true)).isTrue();
        spy.awaitCancelled(); // the driver got the cancel, while nothing executed
      } finally {
        resume.countDown();
      }
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> spiedSeam.stats().running() == 0);
    }
    double refusedMs = (stopped.atNanos.get() - executeCalledAt.get()) / 1e6;
    assertThat(stopped.sqlState.get()).isEqualTo("HY008");
    assertThat(message.get())
        .contains("seam 'spied'", "cancelled before the statement executed", "did not run");
    assertThat(refusedMs).as("refused at once, not at the query timeout").isLessThan(900.0);
    assertThat(slowQueriesRunning()).isZero();
    MEASURED.info(
        "{}: cancel between prepare and execute: execute refused after {} ms",
        db(),
        String.format("%.2f", refusedMs));
  }

  @Test
  void workerIsNotInterruptedEvenOnASeamThatInterrupts() {
    try (Seam interrupting = Seam.builder("interrupting").maxConcurrency(POOL_SIZE).build();
        AsyncJdbc onIt = AsyncJdbc.builder(pool, interrupting).build()) {
      Stopped stopped = new Stopped();
      CompletableFuture<Long> f = onIt.withConnection(slowLegacyCall(stopped));
      awaitSlowQueryRunning();
      f.cancel(true);
      await(() -> interrupting.stats().running() == 0);
      assertThat(stopped.sqlState.get()).isEqualTo(db().cancelledState());
      assertThat(stopped.interrupted.get()).isFalse();
    }
  }

  @Test
  void cancelRollsBackTheOpenTransaction() {
    CompletableFuture<Long> f =
        jdbc.inTransaction(
            tx -> {
              tx.update("INSERT INTO items (name) VALUES (?)", "doomed");
              return tx.queryOne(db().slowQuery(), JdbcTestBase::firstLong).orElseThrow();
            });
    awaitSlowQueryRunning();
    f.cancel(true);
    awaitWorkersReturned();
    assertThat(jdbc.query("SELECT name FROM items", JdbcTestBase::name))
        .succeedsWithin(WAIT)
        .isEqualTo(List.of());
  }

  @Test
  void remainingDeadlineBecomesTheQueryTimeoutRoundedUp() {
    ConnectionCallback<Integer> timeoutOfNewStatement =
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            return ps.getQueryTimeout();
          }
        };
    assertThat(jdbc.withTimeout(Duration.ofMillis(2_500)).withConnection(timeoutOfNewStatement))
        .succeedsWithin(WAIT)
        .isEqualTo(3);
    assertThat(jdbc.withTimeout(Duration.ofMillis(100)).withConnection(timeoutOfNewStatement))
        .succeedsWithin(WAIT)
        .isEqualTo(1);
  }

  @Test
  void transactionStaysOnOneWorkerAndOneConnection() {
    CompletableFuture<List<String>> seen =
        jdbc.inTransaction(
            tx -> {
              List<String> where = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                long session = tx.queryOne(db().sessionIdQuery(), JdbcTestBase::firstLong).get();
                tx.update("INSERT INTO items (name) VALUES (?)", "n" + i);
                where.add(Thread.currentThread().getName() + "/" + session);
              }
              return where;
            });
    List<String> where = seen.join();
    assertThat(where).hasSize(5).allMatch(w -> w.equals(where.get(0)));
    assertThat(where.get(0)).startsWith("seam-db-");
  }

  @Test
  void transactionCommitsOnReturnAndRollsBackOnThrow() {
    assertThat(jdbc.useTransaction(tx -> tx.update("INSERT INTO items (name) VALUES ('kept')")))
        .succeedsWithin(WAIT);
    IllegalStateException boom = new IllegalStateException("business rule");
    assertThat(
            jdbc.inTransaction(
                tx -> {
                  tx.update("INSERT INTO items (name) VALUES ('lost')");
                  throw boom;
                }))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingRootCause()
        .isSameAs(boom);
    assertThat(jdbc.query("SELECT name FROM items", JdbcTestBase::name))
        .succeedsWithin(WAIT)
        .isEqualTo(List.of("kept"));
  }

  @Test
  void transactionRunsAtTheRequestedIsolationAndRestoresIt() {
    int usual = jdbc.withConnection(Connection::getTransactionIsolation).join();
    assertThat(
            jdbc.inTransaction(
                Isolation.SERIALIZABLE, tx -> tx.connection().getTransactionIsolation()))
        .succeedsWithin(WAIT)
        .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    for (int i = 0; i < POOL_SIZE; i++) {
      assertThat(jdbc.withConnection(Connection::getTransactionIsolation))
          .succeedsWithin(WAIT)
          .isEqualTo(usual); // read committed on H2 and PostgreSQL, repeatable read on MariaDB
    }
  }

  @Test
  void connectionIsUsableAfterACancelledCall() {
    CompletableFuture<Long> f = jdbc.withConnection(slowLegacyCall(new Stopped()));
    awaitSlowQueryRunning();
    f.cancel(true);
    awaitWorkersReturned();
    for (int i = 0; i < POOL_SIZE * 2; i++) {
      assertThat(jdbc.queryOne("SELECT 41 + 1", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(42L));
    }
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(condition);
  }

  /** Legacy code that reaches "its" connection by a route other than the one it was handed. */
  @FunctionalInterface
  interface Route {
    Connection from(Connection handed) throws SQLException;
  }

  /**
   * On a pool of its own: a session that served an earlier call may keep that call's query timeout
   * (H2 sets it per session), which would stop the query and hide a route the cancel missed.
   */
  private void slowQueryThroughARouteIsCancelledAtTheDeadline(Route route) throws Exception {
    Stopped stopped = new Stopped();
    ConnectionCallback<Long> slow = slowLegacyCall(stopped);
    try (HikariDataSource own = db().pool("routes-" + db(), 1);
        Seam routes = AsyncJdbc.seamFor("routes", own).timeout(WAIT).build();
        AsyncJdbc onIt = AsyncJdbc.builder(own, routes).abortAfter(Duration.ofSeconds(3)).build()) {
      CompletableFuture<Long> f =
          onIt.withTimeout(Duration.ofMillis(300))
              .withConnection(c -> slow.withConnection(route.from(c)));
      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      org.awaitility.Awaitility.await("the routed statement stopped")
          .atMost(WAIT)
          .until(() -> stopped.sqlState.get() != null);
    }
    // Cancelled by Seam (57014), not cut by the abort bound three seconds later, nor left running.
    assertThat(stopped.sqlState.get()).isEqualTo(db().cancelledState());
  }

  @Test
  void aStatementMadeThroughTheMetaDataConnectionIsCancelledAtTheDeadline() throws Exception {
    slowQueryThroughARouteIsCancelledAtTheDeadline(c -> c.getMetaData().getConnection());
  }

  @Test
  void aStatementMadeThroughAResultSetsStatementIsCancelledAtTheDeadline() throws Exception {
    slowQueryThroughARouteIsCancelledAtTheDeadline(
        c -> {
          try (java.sql.Statement s = c.createStatement()) {
            // "No timeout", as legacy code says it. H2 keeps a query timeout per session, so this
            // also keeps the deadline Seam gave this statement from stopping the routed query.
            s.setQueryTimeout(0);
            ResultSet rs = s.executeQuery("SELECT 1");
            return rs.getStatement().getConnection();
          }
        });
  }
}
