package dev.seam.reactor;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.testsupport.OptionalSuite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server of {@code .ci/postgres.sh} (SEAM_PG_URL, SEAM_PG_USER,
 * SEAM_PG_PASSWORD). Without one the suite is skipped with a line saying how to run it, unless
 * {@code -Dseam.postgres.required=true} (set by {@code .ci/run}) makes that a failure. The tests
 * create no tables; their sessions carry an application name unique to this JVM.
 */
final class PgServer {
  static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  static final String USER = env("SEAM_PG_USER", "seam");
  static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  static final String APPLICATION = "seam-reactor-test-" + ProcessHandle.current().pid();
  private static final boolean REQUIRED = Boolean.getBoolean("seam.postgres.required");
  private static String failure; // guarded by the class
  private static boolean checked; // guarded by the class

  private PgServer() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static synchronized void assumeReachable() {
    if (!checked) {
      checked = true;
      Properties props = new Properties();
      props.setProperty("user", USER);
      props.setProperty("password", PASSWORD);
      props.setProperty("connectTimeout", "3");
      try (Connection c = DriverManager.getConnection(URL, props)) {
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

  static HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("reactor-pg");
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("ApplicationName", APPLICATION);
    return new HikariDataSource(config);
  }

  /** How many of this JVM's sessions run a query containing {@code marker}, seen by the server. */
  static int active(String marker) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND application_name = ? AND query LIKE ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, APPLICATION);
      ps.setString(2, "%" + marker + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
