package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.junit.jupiter.api.Test;

/**
 * What the connection and statements handed to user code do besides delegating: unwrap to the
 * driver, keep {@code getConnection} on the tracked connection, refuse use after the callback and
 * every kind of {@code execute} once the call was cancelled (on H2).
 */
class TrackingConnectionTest extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Override
  Db db() {
    return new H2();
  }

  @Test
  void unwrapAndIsWrapperForReachTheDriverAndStatementsLeadBackToTheTrackedConnection() {
    CompletableFuture<List<Object>> seen =
        jdbc.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement("SELECT 1");
                  Statement s = c.createStatement()) {
                return List.of(
                    c.isWrapperFor(JdbcConnection.class),
                    c.unwrap(JdbcConnection.class).getClass().getSimpleName(),
                    c.unwrap(Connection.class) != c,
                    ps.isWrapperFor(JdbcPreparedStatement.class),
                    ps.unwrap(JdbcPreparedStatement.class).getClass().getSimpleName(),
                    ps.getConnection() == c,
                    s.getConnection() == c);
              }
            });
    assertThat(seen)
        .succeedsWithin(WAIT)
        .isEqualTo(
            List.of(true, "JdbcConnection", true, true, "JdbcPreparedStatement", true, true));
  }

  @Test
  void closeDoesNothingAbortIsRefusedAndAStoredConnectionFailsAfterTheCallback() {
    AtomicReference<Connection> kept = new AtomicReference<>();
    CompletableFuture<String> inside =
        jdbc.withConnection(
            c -> {
              kept.set(c);
              c.close(); // the adapter returns it: legacy code that closes must keep working
              assertThat(c.isClosed()).isFalse();
              try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                ps.executeQuery().close();
              }
              try {
                c.abort(Runnable::run);
                return "abort accepted";
              } catch (SQLException e) {
                return e.getSQLState();
              }
            });
    assertThat(inside).succeedsWithin(WAIT).isEqualTo("0A000");
    Connection stale = kept.get();
    assertThat(stale).satisfies(c -> assertThat(c.isClosed()).isTrue());
    assertThatThrownBy(() -> stale.prepareStatement("SELECT 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("seam 'db'", "used after its callback returned: prepareStatement")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("08003");
    assertThatThrownBy(() -> stale.unwrap(JdbcConnection.class))
        .hasMessageContaining("used after its callback returned: unwrap");
    assertThatThrownBy(() -> stale.setClientInfo("ApplicationName", "x"))
        .isInstanceOf(SQLClientInfoException.class)
        .hasMessageContaining("used after its callback returned: setClientInfo");
  }

  /**
   * Every kind of statement, and each kind of {@code execute}, is refused with HY008 once the call
   * was cancelled, and no new statement is handed out. The latch holds the worker between creating
   * the statements and executing them until the cancel hook has reached the idle statements.
   */
  @Test
  void everyKindOfExecuteIsRefusedOnceTheCallWasCancelled() throws Exception {
    CancelSpy spy = new CancelSpy();
    CountDownLatch created = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    List<String> states = new ArrayList<>();
    // A pool of its own: connections behind the spy cannot be evicted through HikariCP, so they are
    // aborted, and the pool under test must not see them again.
    try (HikariDataSource spiedPool = db().pool("spied-" + db(), 1);
        Seam spiedSeam = AsyncJdbc.seamFor("spied", spiedPool).timeout(WAIT).build();
        AsyncJdbc spied = AsyncJdbc.builder(spy.over(spiedPool), spiedSeam).build()) {
      CompletableFuture<Void> f =
          spied.useConnection(
              c -> {
                try (Statement s = c.createStatement();
                    PreparedStatement ps = c.prepareStatement("SELECT 1");
                    CallableStatement cs = c.prepareCall("CALL 1")) {
                  created.countDown();
                  if (!resume.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never resumed the call");
                  }
                  states.add(stateOf(() -> s.executeQuery("SELECT 1")));
                  states.add(stateOf(() -> s.executeLargeUpdate("SET @A = 1")));
                  states.add(stateOf(s::executeBatch));
                  states.add(stateOf(ps::executeQuery));
                  states.add(stateOf(ps::executeLargeUpdate));
                  states.add(stateOf(cs::execute));
                  states.add(stateOf(() -> c.prepareStatement("SELECT 2")));
                }
              });
      try {
        assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel(true)).isTrue();
        spy.awaitCancelled();
      } finally {
        resume.countDown();
      }
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> spiedSeam.stats().running() == 0);
    }
    assertThat(states).containsOnly("HY008").hasSize(7);
  }

  @FunctionalInterface
  private interface JdbcAction {
    Object run() throws SQLException;
  }

  private static String stateOf(JdbcAction action) {
    try {
      Object result = action.run();
      if (result instanceof ResultSet rs) {
        rs.close();
      }
      return "ran";
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }
}
