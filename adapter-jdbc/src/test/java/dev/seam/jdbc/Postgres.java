package dev.seam.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.testsupport.OptionalSuite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server, found through SEAM_PG_URL, SEAM_PG_USER and SEAM_PG_PASSWORD (what
 * {@code .ci/postgres.sh} exports; defaults: the local server, user and password "seam"). Without a
 * server the PostgreSQL suite is skipped with a message saying how to run it, unless {@code
 * -Dseam.postgres.required=true} (set by {@code .ci/run}) makes that a failure.
 */
final class Postgres implements Db {
  static final String URL = env("SEAM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/seam");
  static final String USER = env("SEAM_PG_USER", "seam");
  static final String PASSWORD = env("SEAM_PG_PASSWORD", "seam");
  private static final boolean REQUIRED = Boolean.getBoolean("seam.postgres.required");
  private static volatile String unreachable; // null: not checked yet or reachable
  private static volatile boolean checked;

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips (or, when required, fails) the calling test class if the server is not reachable. */
  static synchronized void assumeReachable() {
    if (!checked) {
      checked = true;
      Properties props = new Properties();
      props.setProperty("user", USER);
      props.setProperty("password", PASSWORD);
      props.setProperty("connectTimeout", "3");
      try (Connection c = DriverManager.getConnection(URL, props)) {
        unreachable = null;
        OptionalSuite.ran("PostgreSQL");
      } catch (SQLException e) {
        unreachable = e.getMessage();
        if (!REQUIRED) {
          OptionalSuite.skipped(
              "PostgreSQL",
              "no server at " + URL + "; start one with `. .ci/postgres.sh`, then mvn verify");
          System.out.println(
              "\n*** PostgreSQL suite SKIPPED: no server at "
                  + URL
                  + " ("
                  + e.getMessage()
                  + ").\n*** To run it: start PostgreSQL with `. .ci/postgres.sh` (or set SEAM_PG_URL,"
                  + " SEAM_PG_USER, SEAM_PG_PASSWORD), then `mvn verify`;\n*** add"
                  + " -Dseam.postgres.required=true to make an unreachable server a failure, as"
                  + " .ci/run does.\n");
        }
      }
    }
    if (unreachable != null) {
      String why = "PostgreSQL unreachable at " + URL + ": " + unreachable;
      if (REQUIRED) {
        Assertions.fail(why + " (-Dseam.postgres.required=true)");
      }
      Assumptions.abort(why + "; PostgreSQL suite skipped");
    }
  }

  @Override
  public void assumeAvailable() {
    assumeReachable();
  }

  @Override
  public HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("ApplicationName", "seam-test");
    return new HikariDataSource(config);
  }

  @Override
  public String slowQuery() {
    return "SELECT pg_sleep(10)";
  }

  @Override
  public String sessionIdQuery() {
    return "SELECT CAST(pg_backend_pid() AS BIGINT)";
  }

  @Override
  public String rangeQuery(long n) {
    return "SELECT x FROM generate_series(1, " + n + ") AS x";
  }

  @Override
  public String runningCountQuery() {
    return "SELECT COUNT(*) FROM pg_stat_activity"
        + " WHERE state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()";
  }

  @Override
  public void cleanUp(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items");
    }
  }

  @Override
  public String toString() {
    return "PostgreSQL";
  }
}
