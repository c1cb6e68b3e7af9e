package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Queries, updates, batches, inserts, legacy code and bad input, on each database. */
abstract class QueryContract extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void queryBindsParametersAndMapsEveryRow() {
    assertThat(jdbc.update("INSERT INTO items (name) VALUES (?), (?), (?)", "a", "b", "c"))
        .succeedsWithin(WAIT)
        .isEqualTo(3);
    assertThat(
            jdbc.query(
                "SELECT name FROM items WHERE name <> ? ORDER BY name", JdbcTestBase::name, "b"))
        .succeedsWithin(WAIT)
        .isEqualTo(List.of("a", "c"));
  }

  @Test
  void parametersAreBoundNotConcatenated() {
    String hostile = "x'); DROP TABLE items; --";
    assertThat(jdbc.update("INSERT INTO items (name) VALUES (?)", hostile))
        .succeedsWithin(WAIT)
        .isEqualTo(1);
    assertThat(jdbc.queryOne("SELECT name FROM items", JdbcTestBase::name))
        .succeedsWithin(WAIT)
        .isEqualTo(Optional.of(hostile));
  }

  @Test
  void queryOneIsEmptyForNoRowAndFailsForTwo() {
    assertThat(jdbc.queryOne("SELECT name FROM items", JdbcTestBase::name))
        .succeedsWithin(WAIT)
        .isEqualTo(Optional.empty());
    jdbc.update("INSERT INTO items (name) VALUES ('a'), ('b')").join();
    assertThat(jdbc.queryOne("SELECT name FROM items", JdbcTestBase::name))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingRootCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessageContaining("more than one row")
        .withMessageContaining("SELECT name FROM items");
  }

  @Test
  void insertReturnsGeneratedKeys() {
    CompletableFuture<List<Integer>> keys =
        jdbc.insert("INSERT INTO items (name) VALUES (?)", rs -> rs.getInt(1), "a");
    List<Integer> generated = keys.join();
    assertThat(generated).hasSize(1);
    assertThat(jdbc.queryOne("SELECT id FROM items WHERE name = ?", rs -> rs.getInt(1), "a"))
        .succeedsWithin(WAIT)
        .isEqualTo(Optional.of(generated.get(0)));
  }

  @Test
  void batchReturnsOneCountPerRowAndRollsBackWhenOneRowFails() {
    List<Object[]> rows = List.of(new Object[] {"a"}, new Object[] {"b"});
    assertThat(jdbc.batch("INSERT INTO items (name) VALUES (?)", rows))
        .succeedsWithin(WAIT)
        .satisfies(counts -> assertThat(counts).containsExactly(1, 1));
    List<Object[]> bad = List.of(new Object[] {"c"}, new Object[] {null});
    assertThat(jdbc.batch("INSERT INTO items (name) VALUES (?)", bad))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SeamCallException.class);
    assertThat(jdbc.query("SELECT name FROM items ORDER BY name", JdbcTestBase::name))
        .succeedsWithin(WAIT)
        .isEqualTo(List.of("a", "b"));
  }

  @Test
  void withConnectionRunsLegacyDaoCodeUnchanged() {
    LegacyItemDao dao = new LegacyItemDao();
    assertThat(jdbc.useConnection(c -> dao.save(c, "legacy"))).succeedsWithin(WAIT);
    assertThat(jdbc.withConnection(dao::names)).succeedsWithin(WAIT).isEqualTo(List.of("legacy"));
  }

  @Test
  void connectionUsedAfterItsCallbackFails() {
    Connection escaped = jdbc.withConnection(c -> c).join();
    assertThatThrownBy(() -> escaped.prepareStatement("SELECT 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("used after its callback returned");
  }

  @Test
  void failureCarriesSqlStateAndSqlTextButNoParameterValue() {
    CompletableFuture<List<String>> f =
        jdbc.query("SELECT name FROM no_such_table WHERE name = ?", JdbcTestBase::name, "s3cr3t");
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamCallException.class)
        .withMessageContaining("SELECT name FROM no_such_table WHERE name = ?")
        .withMessageNotContaining("s3cr3t")
        .havingCause()
        .isInstanceOfSatisfying(
            SqlStatementException.class,
            e -> {
              assertThat(e.getSQLState()).isNotBlank();
              assertThat(e.sql()).isEqualTo("SELECT name FROM no_such_table WHERE name = ?");
              assertThat(e.getCause()).isInstanceOf(SQLException.class);
              assertThat(e.getSQLState()).isEqualTo(((SQLException) e.getCause()).getSQLState());
            });
  }

  @Test
  void wrongParameterCountFailsWithTheSqlText() {
    assertThat(
            jdbc.query("SELECT name FROM items WHERE name = ? AND id = ?", JdbcTestBase::name, "a"))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessageContaining("1 parameter)")
        .havingCause()
        .isInstanceOf(SqlStatementException.class);
    if (!db().refusesSurplusParameters()) {
      return; // MariaDB Connector/J binds the first and ignores the rest: the driver's choice
    }
    assertThat(jdbc.update("DELETE FROM items WHERE id = ?", 1, 2))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessageContaining("2 parameters)")
        .havingCause()
        .isInstanceOf(SqlStatementException.class);
  }

  @Test
  void mapperThatThrowsFailsTheFutureWithItsException() {
    jdbc.update("INSERT INTO items (name) VALUES ('a')").join();
    IllegalArgumentException boom = new IllegalArgumentException("mapper broke");
    assertThat(
            jdbc.query(
                "SELECT name FROM items",
                rs -> {
                  throw boom;
                }))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamCallException.class)
        .havingCause()
        .isSameAs(boom);
  }

  @Test
  void nullArgumentsFailTheFutureInsteadOfThrowing() {
    assertThat(jdbc.query(null, JdbcTestBase::name))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NullPointerException.class)
        .withMessageContaining("sql");
    assertThat(jdbc.query("SELECT 1", null))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NullPointerException.class);
    assertThat(jdbc.update("SELECT 1", (Object[]) null))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NullPointerException.class)
        .withMessageContaining("params");
    assertThat(jdbc.withConnection(null)).failsWithin(Duration.ZERO);
    assertThat(jdbc.inTransaction(null, tx -> 1)).failsWithin(Duration.ZERO);
  }

  @Test
  void closedAsyncJdbcFailsEveryCallThroughTheFuture() {
    AsyncJdbc view = jdbc.withTimeout(Duration.ofSeconds(1));
    jdbc.close();
    assertThat(view.update("DELETE FROM items"))
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SeamClosedException.class)
        .withMessageContaining("is closed");
    assertThat(jdbc.query("SELECT 1", JdbcTestBase::firstLong)).failsWithin(Duration.ZERO);
  }

  /** A legacy DAO written against plain JDBC, which closes its connection itself. */
  static final class LegacyItemDao {
    void save(Connection c, String name) throws SQLException {
      try (c;
          PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
    }

    List<String> names(Connection c) throws SQLException {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      c.close();
      return out;
    }
  }
}
