package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * J7: a connection goes back to the pool as it came. Code that borrows the same pooled connection
 * outside Seam after a call sees the state it would have seen before: no query timeout left by
 * Seam's deadline (on H2 a session setting), nothing a legacy DAO changed through the guarded
 * connection (read-only, isolation, network timeout, auto-commit, a statement's query timeout).
 * Checked through HikariCP, which resets some of it itself, and through a pool that resets nothing
 * (as Spring's {@code SingleConnectionDataSource} with suppressed close does).
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
abstract class ConnectionStateContract {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** What code outside Seam sees on a connection. */
  record State(
      boolean autoCommit, boolean readOnly, int isolation, int networkTimeout, int queryTimeout) {
    static State of(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        return new State(
            c.getAutoCommit(),
            c.isReadOnly(),
            c.getTransactionIsolation(),
            c.getNetworkTimeout(),
            s.getQueryTimeout());
      }
    }
  }

  abstract Db db();

  @BeforeEach
  void databaseThere() {
    db().assumeAvailable();
  }

  /** A legacy DAO that changes everything it can and puts nothing back. */
  private static ConnectionConsumer legacyChangingEverything(State before) {
    return c -> {
      c.setReadOnly(!before.readOnly());
      c.setTransactionIsolation(
          before.isolation() == Connection.TRANSACTION_SERIALIZABLE
              ? Connection.TRANSACTION_READ_COMMITTED
              : Connection.TRANSACTION_SERIALIZABLE);
      c.setNetworkTimeout(Runnable::run, 45_000);
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(77);
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          rs.next();
        }
      }
    };
  }

  @Test
  void aPooledConnectionBorrowedOutsideSeamAfterACallHasItsOriginalState() throws Exception {
    try (HikariDataSource pool = db().pool("state-" + db(), 1);
        Seam seam = AsyncJdbc.seamFor("state", pool).timeout(WAIT).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      State before;
      Connection physical;
      try (Connection outside = pool.getConnection()) {
        before = State.of(outside);
        physical = outside.unwrap(Connection.class);
      }

      assertThat(jdbc.queryOne("SELECT 1", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(1L));
      assertStateOfTheSameConnection(pool, physical, before, "after a query with a 10 s deadline");

      assertThat(jdbc.useConnection(legacyChangingEverything(before))).succeedsWithin(WAIT);
      assertStateOfTheSameConnection(pool, physical, before, "after a legacy DAO changed it");
    }
  }

  @Test
  void aPoolThatResetsNothingGetsItsConnectionBackAsItCame() throws Exception {
    try (HikariDataSource pool = db().pool("kept-" + db(), 1);
        Connection held = pool.getConnection()) {
      State before = State.of(held);
      DataSource keeping = keeping(held);
      try (Seam seam = Seam.builder("kept").maxConcurrency(1).timeout(WAIT).build();
          AsyncJdbc jdbc = AsyncJdbc.builder(keeping, seam).build()) {
        assertThat(jdbc.useConnection(legacyChangingEverything(before))).succeedsWithin(WAIT);
        assertThat(State.of(held)).as("after a legacy DAO changed it").isEqualTo(before);
        assertThat(
                jdbc.inTransaction(
                    Isolation.SERIALIZABLE, tx -> tx.queryOne("SELECT 1", JdbcTestBase::firstLong)))
            .succeedsWithin(WAIT);
        assertThat(State.of(held)).as("after a serializable transaction").isEqualTo(before);
        assertThat(jdbc.batch("SELECT 1", java.util.List.of())).succeedsWithin(WAIT);
        assertThat(State.of(held)).as("after a batch").isEqualTo(before);
      }
      assertThat(held.isClosed()).isFalse();
    }
  }

  private static void assertStateOfTheSameConnection(
      HikariDataSource pool, Connection physical, State before, String when) throws SQLException {
    try (Connection outside = pool.getConnection()) {
      assertThat(outside.unwrap(Connection.class))
          .as("restored, not evicted: the same connection")
          .isSameAs(physical);
      assertThat(State.of(outside)).as(when).isEqualTo(before);
    }
  }

  /**
   * A data source that hands out one connection again and again and never resets it: closing what
   * it hands out does nothing.
   */
  private static DataSource keeping(Connection held) {
    Connection handedOut =
        (Connection)
            Proxy.newProxyInstance(
                ConnectionStateContract.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, m, a) -> {
                  if (m.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return m.invoke(held, a);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return (DataSource)
        Proxy.newProxyInstance(
            ConnectionStateContract.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (p, m, a) ->
                switch (m.getName()) {
                  case "getConnection" -> handedOut;
                  case "isWrapperFor" -> false;
                  default -> throw new SQLException("not in this fake: " + m.getName());
                });
  }
}
