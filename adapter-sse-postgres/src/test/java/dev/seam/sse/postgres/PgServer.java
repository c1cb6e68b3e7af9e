package dev.seam.sse.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.testsupport.OptionalSuite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server of {@code .ci/postgres.sh} (SEAM_PG_URL, SEAM_PG_USER,
 * SEAM_PG_PASSWORD). Without one the suite is skipped with a line saying how to run it, unless
 * {@code -Dseam.postgres.required=true} (set by {@code .ci/run}) makes that a failure. The server
 * is shared with other test runs: each test uses tables of its own prefix and drops them.
 */
final class PgServer {
  static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  static final String USER = env("SEAM_PG_USER", "seam");
  static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  static final boolean REQUIRED = Boolean.getBoolean("seam.postgres.required");
  private static String failure; // guarded by the class
  private static boolean checked; // guarded by the class

  private PgServer() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips (or, when required, fails) the calling test if the server does not answer. */
  static synchronized void assumeReachable() {
    if (!checked) {
      checked = true;
      try (Connection c = admin()) {
        OptionalSuite.ran("PostgreSQL");
      } catch (SQLException e) {
        failure = "PostgreSQL unreachable at " + URL + ": " + e.getMessage();
        if (!REQUIRED) {
          OptionalSuite.skipped(
              "PostgreSQL",
              "no server at " + URL + "; start one with `. .ci/postgres.sh`, then mvn verify");
        }
      }
    }
    if (failure != null) {
      if (REQUIRED) {
        Assertions.fail(failure + " (-Dseam.postgres.required=true)");
      }
      Assumptions.abort(failure + "; PostgreSQL suite skipped");
    }
  }

  /** A table prefix no other test (or test run on the shared server) uses. */
  static String prefix(String what) {
    return "seam_t_" + what + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A pool of its own, as each replica would have. */
  static HikariDataSource pool(String name) {
    return pool(name, URL, USER, PASSWORD, 10);
  }

  static HikariDataSource pool(String name, String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("ApplicationName", "seam-sse-postgres-test");
    return new HikariDataSource(config);
  }

  /** A short-lived connection for the test's own statements. */
  static Connection admin() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, props);
  }

  /** Runs statements on a connection of the test's own. */
  static void execute(String... sql) throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** Drops a test's tables; nothing to do when the suite was skipped. */
  static synchronized void dropTables(String prefix) throws SQLException {
    if (!checked || failure != null) {
      return;
    }
    execute(
        "DROP TABLE IF EXISTS " + prefix + "_events",
        "DROP TABLE IF EXISTS " + prefix + "_streams");
  }
}
