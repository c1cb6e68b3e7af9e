package dev.seam.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;

/**
 * The real PostgreSQL server, found as the JDBC module's tests find it: SEAM_PG_URL, SEAM_PG_USER,
 * SEAM_PG_PASSWORD (what {@code .ci/postgres.sh} exports). Optional in a plain build, where its
 * part of the soak is left out with a message saying how to add it; required under {@code
 * -Dseam.postgres.required=true}, as {@code .ci/run} sets.
 */
final class PostgresServer {
  static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  static final String USER = env("SEAM_PG_USER", "seam");
  static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  static final String APPLICATION = "seam-soak";

  private PostgresServer() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Whether the server answers; fails instead when it is required and does not. */
  static boolean available() {
    try (Connection c = direct()) {
      return c.isValid(3);
    } catch (SQLException e) {
      String why = "PostgreSQL unreachable at " + URL + ": " + e.getMessage();
      if (Boolean.getBoolean("seam.postgres.required")) {
        Assertions.fail(why + " (-Dseam.postgres.required=true)");
      }
      System.out.println(
          "\n*** "
              + why
              + ": the soak runs without its PostgreSQL part.\n*** To include it: `. .ci/postgres.sh`"
              + " then `mvn verify`; -Dseam.postgres.required=true makes this a failure.\n");
      return false;
    }
  }

  static Connection direct() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(URL, props);
  }

  static HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("ApplicationName", APPLICATION);
    return new HikariDataSource(config);
  }

  /** Queries of this soak that the server is still running (pg_stat_activity). */
  static int activeQueries() throws SQLException {
    try (Connection c = direct();
        var ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                    + " AND state = 'active' AND pid <> pg_backend_pid()")) {
      ps.setString(1, APPLICATION);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
