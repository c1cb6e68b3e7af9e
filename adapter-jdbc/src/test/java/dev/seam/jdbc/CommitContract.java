package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * C11 for transactions, on each database: the caller is never told "timed out" for a transaction
 * that committed, and a deadline that passed before the commit rolls the transaction back. Time is
 * a {@link ManualClock} advanced on the test thread (deadlines fire there) while a {@link
 * CommitGate} holds the worker inside {@code commit()}.
 */
abstract class CommitContract extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final Duration PAST_DEADLINE = Duration.ofSeconds(3);

  private final ManualClock clock = new ManualClock();
  private final CommitGate gate = new CommitGate();

  /** A seam on the manual clock with a two-second deadline, over the gated pool. */
  private Seam timedSeam(DataSource gated) {
    return AsyncJdbc.seamFor("commit", gated).clock(clock).timeout(DEADLINE).build();
  }

  /**
   * The rows, read on a fresh connection. A connection the gated calls had to evict (in doubt after
   * a cancel, or its isolation not restored) was aborted, but HikariCP cannot evict a connection it
   * only sees through the gate's wrapper, and may hand the dead one out again for up to 500 ms: a
   * known limit of wrapped pools, not what these tests are about.
   */
  private List<String> names() {
    pool.getHikariPoolMXBean().softEvictConnections();
    return jdbc.query("SELECT name FROM items ORDER BY name", JdbcTestBase::name).join();
  }

  @Test
  void deadlinePassingDuringCommitLetsTheCommittedTransactionSucceed() throws Exception {
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Integer> f =
          onIt.inTransaction(tx -> tx.update("INSERT INTO items (name) VALUES ('kept')"));
      gate.awaitCommitReached();
      clock.advance(PAST_DEADLINE);
      gate.open();
      assertThat(f).succeedsWithin(WAIT).isEqualTo(1);
    } finally {
      gate.open();
    }
    assertThat(gate.commits()).isEqualTo(1);
    assertThat(names()).containsExactly("kept");
  }

  @Test
  void deadlinePassingDuringABatchCommitLetsTheCommittedBatchSucceed() throws Exception {
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<int[]> f =
          onIt.batch(
              "INSERT INTO items (name) VALUES (?)",
              List.of(new Object[] {"a"}, new Object[] {"b"}));
      gate.awaitCommitReached();
      clock.advance(PAST_DEADLINE);
      gate.open();
      assertThat(f).succeedsWithin(WAIT).satisfies(c -> assertThat(c).containsExactly(1, 1));
    } finally {
      gate.open();
    }
    assertThat(names()).containsExactly("a", "b");
  }

  @Test
  void deadlinePassedBeforeCommitRollsBackAndTimesOut() throws Exception {
    gate.open();
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Void> f =
          onIt.useTransaction(
              tx -> {
                tx.update("INSERT INTO items (name) VALUES ('late')");
                inserted.countDown();
                // Returns only after the deadline passed, so the commit comes too late.
                assertThat(finish.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
              });
      assertThat(inserted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      clock.advance(PAST_DEADLINE);
      assertThat(f)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      finish.countDown();
      gate.awaitConnectionReturned();
    } finally {
      finish.countDown();
    }
    assertThat(gate.commits()).isZero();
    assertThat(names()).isEmpty();
  }

  @Test
  void cancelDuringCommitCompletesTheFutureAtOnceButDoesNotCutTheCommit() throws Exception {
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Integer> f =
          onIt.inTransaction(tx -> tx.update("INSERT INTO items (name) VALUES ('committed')"));
      gate.awaitCommitReached();
      assertThat(f.cancel(true)).isTrue();
      assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(CancellationException.class);
      gate.open();
      gate.awaitConnectionReturned();
    } finally {
      gate.open();
    }
    assertThat(gate.commits()).isEqualTo(1);
    assertThat(names()).containsExactly("committed");
  }

  @Test
  void isolationThatCannotBeRestoredAfterTheCommitDoesNotFailTheCommittedCall() throws Exception {
    gate.open();
    gate.failIsolationAfterCommit();
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      assertThat(
              onIt.inTransaction(
                  Isolation.SERIALIZABLE,
                  tx -> tx.update("INSERT INTO items (name) VALUES ('committed')")))
          .succeedsWithin(WAIT)
          .isEqualTo(1);
    }
    assertThat(gate.commits()).isEqualTo(1);
    assertThat(names()).containsExactly("committed");
  }

  // --- a legacy DAO that manages its own transaction inside withConnection ---

  /** The SQLState of a refused commit, for the legacy tests. */
  private static final String REFUSED = "40000";

  /**
   * Runs a legacy DAO on the gated pool: auto-commit off, one insert, then waits until the test
   * moved the deadline past, then ends its transaction with {@code end}. Returns what {@code end}
   * threw (null if nothing) after the connection went back.
   */
  private java.sql.SQLException legacyDaoEndingLate(LegacyEnd end) throws Exception {
    gate.open();
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<java.sql.SQLException> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Integer> f =
          onIt.withConnection(
              c -> {
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement ps =
                    c.prepareStatement("INSERT INTO items (name) VALUES ('late')")) {
                  ps.executeUpdate();
                }
                inserted.countDown();
                assertThat(finish.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                try {
                  end.run(c);
                } catch (java.sql.SQLException e) {
                  thrown.set(e);
                  throw e;
                }
                return 1;
              });
      assertThat(inserted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      clock.advance(PAST_DEADLINE);
      assertThat(f)
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      finish.countDown();
      gate.awaitConnectionReturned();
    } finally {
      finish.countDown();
    }
    return thrown.get();
  }

  /** How a legacy DAO ends its transaction. */
  @FunctionalInterface
  private interface LegacyEnd {
    void run(java.sql.Connection c) throws java.sql.SQLException;
  }

  @Test
  void legacyCommitAfterTheDeadlineIsRefusedAndRolledBack() throws Exception {
    java.sql.SQLException refused = legacyDaoEndingLate(java.sql.Connection::commit);
    assertThat((Throwable) refused).isNotNull();
    assertThat(refused.getSQLState()).isEqualTo(REFUSED);
    assertThat((Throwable) refused)
        .hasMessageContaining("commit()")
        .hasMessageContaining("rolled back");
    assertThat(gate.commits()).isZero();
    assertThat(names()).isEmpty();
  }

  @Test
  void legacyAutoCommitSwitchAfterTheDeadlineIsRefusedAndRolledBack() throws Exception {
    java.sql.SQLException refused = legacyDaoEndingLate(c -> c.setAutoCommit(true));
    assertThat((Throwable) refused).isNotNull();
    assertThat(refused.getSQLState()).isEqualTo(REFUSED);
    assertThat((Throwable) refused).hasMessageContaining("setAutoCommit(true)");
    assertThat(names()).isEmpty();
  }

  @Test
  void legacyCloseWithAnOpenTransactionAfterTheDeadlineCommitsNothing() throws Exception {
    assertThat((Throwable) legacyDaoEndingLate(java.sql.Connection::close)).isNull();
    assertThat(gate.commits()).isZero();
    assertThat(names()).isEmpty();
  }

  @Test
  void legacyRollbackAfterTheDeadlineRollsBack() throws Exception {
    assertThat((Throwable) legacyDaoEndingLate(java.sql.Connection::rollback)).isNull();
    assertThat(names()).isEmpty();
  }

  @Test
  void legacyCommitStartedBeforeTheDeadlineSucceedsWithItsWorkCommitted() throws Exception {
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Integer> f =
          onIt.withConnection(
              c -> {
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement ps =
                    c.prepareStatement("INSERT INTO items (name) VALUES ('kept')")) {
                  ps.executeUpdate();
                }
                c.commit(); // the gate holds it here while the deadline passes
                c.setAutoCommit(true); // what a legacy DAO's finally does
                c.close();
                return 1;
              });
      gate.awaitCommitReached();
      clock.advance(PAST_DEADLINE);
      gate.open();
      assertThat(f).succeedsWithin(WAIT).isEqualTo(1);
    } finally {
      gate.open();
    }
    assertThat(gate.commits()).isEqualTo(1);
    assertThat(names()).containsExactly("kept");
  }

  @Test
  void aStatementAfterALegacyCommitThatOutlivedTheDeadlineIsRefused() throws Exception {
    java.util.concurrent.atomic.AtomicReference<java.sql.SQLException> second =
        new java.util.concurrent.atomic.AtomicReference<>();
    DataSource gated = gate.over(pool);
    try (Seam timed = timedSeam(gated);
        AsyncJdbc onIt = AsyncJdbc.builder(gated, timed).build()) {
      CompletableFuture<Integer> f =
          onIt.withConnection(
              c -> {
                c.setAutoCommit(false);
                try (java.sql.Statement s = c.createStatement()) {
                  s.executeUpdate("INSERT INTO items (name) VALUES ('first')");
                  c.commit(); // held at the gate while the deadline passes
                  try {
                    s.executeUpdate("INSERT INTO items (name) VALUES ('second')");
                  } catch (java.sql.SQLException e) {
                    second.set(e);
                    throw e;
                  }
                  c.commit();
                }
                return 2;
              });
      gate.awaitCommitReached();
      clock.advance(PAST_DEADLINE);
      gate.open();
      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      gate.awaitConnectionReturned();
    } finally {
      gate.open();
    }
    assertThat((Throwable) second.get()).isNotNull();
    assertThat(second.get().getSQLState()).isEqualTo("HY008");
    assertThat(names()).containsExactly("first");
  }
}
