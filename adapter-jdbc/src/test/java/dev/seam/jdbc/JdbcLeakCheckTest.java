package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JDBC leak check run by hand on a pool that leaks on purpose: it names the pool and what
 * leaked, and passes once the leak is gone. The leaks are cleared before each test ends, so the
 * checks that guard this class itself pass.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class JdbcLeakCheckTest {
  /** The leak is the point here, so the check need not wait for it to clear. */
  private final JdbcLeakCheck check = new JdbcLeakCheck(Duration.ZERO);

  @Test
  void borrowedConnectionFailsTheCheckNamingThePool() throws Exception {
    try (HikariDataSource pool = new H2().pool("leaky", 2)) {
      Connection leaked = pool.getConnection();
      assertThatThrownBy(() -> check.verify(List.of(pool)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("pool 'leaky': 1 connection(s) still borrowed");
      leaked.close();
      assertThatCode(() -> check.verify(List.of(pool))).doesNotThrowAnyException();
    }
  }

  @Test
  void borrowedPostgresConnectionIsReportedAndTheServerIsAskedOnceItIsBack() throws Exception {
    Postgres.assumeReachable();
    try (HikariDataSource pool = new Postgres().pool("leak-check", 2)) {
      CompletableFuture<Void> sleeping =
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                  s.execute("SELECT pg_sleep(10)");
                } catch (java.sql.SQLException e) {
                  // cancelled below: expected
                }
              });
      // The borrowed connection shows first; once it is back, the server still runs nothing.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);
      assertThatThrownBy(() -> check.verify(List.of(pool)))
          .hasMessageContaining("pool 'leak-check': 1 connection(s) still borrowed");
      terminate(pool);
      sleeping.get(10, TimeUnit.SECONDS);
      assertThatCode(() -> check.verify(List.of(pool))).doesNotThrowAnyException();
    }
  }

  @Test
  void statementLeftRunningOnTheServerAfterItsConnectionWentBackIsReported() throws Exception {
    Postgres.assumeReachable();
    try (HikariDataSource pool = new Postgres().pool("orphan", 2);
        HikariDataSource other = new Postgres().pool("orphan", 1)) {
      // A session of the same application (same application_name) outside the pool's accounting,
      // as a connection the pool evicted while the server still runs its statement.
      Connection orphan = other.getConnection();
      CompletableFuture<Void> sleeping =
          CompletableFuture.runAsync(
              () -> {
                try (Statement s = orphan.createStatement()) {
                  s.execute("SELECT pg_sleep(10)");
                } catch (java.sql.SQLException e) {
                  // terminated below: expected
                }
              });
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> runningOnServer(pool) == 1);
      assertThatThrownBy(() -> check.verify(List.of(pool)))
          .hasMessageContaining("pool 'orphan': PostgreSQL backend")
          .hasMessageContaining("is active: SELECT pg_sleep(10)");
      terminate(pool);
      sleeping.get(10, TimeUnit.SECONDS);
      orphan.close();
      assertThat(runningOnServer(pool)).isZero();
    }
  }

  private static long runningOnServer(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND application_name = current_setting('application_name')"
                    + " AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Ends every other session of the pool's application on the server. */
  static void terminate(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = current_setting('application_name')"
              + " AND pid <> pg_backend_pid()");
    }
  }
}
