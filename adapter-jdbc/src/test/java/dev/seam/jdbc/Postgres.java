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
  private static volatile String failure; // null: not checked yet or reachable
  private static volatile boolean checked;
  private static String schema; // guarded by the class

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Skips (or, when required, fails) the calling test class if the server is not reachable. */
  static void assumeReachable() {
    String why = unreachable();
    if (why != null) {
      if (REQUIRED) {
        Assertions.fail(why + " (-Dseam.postgres.required=true)");
      }
      Assumptions.abort(why + "; PostgreSQL suite skipped");
    }
  }

  /** Whether an unreachable server must fail the suite instead of skipping it. */
  static boolean required() {
    return REQUIRED;
  }

  /**
   * Why the server cannot be reached, or null if it can; checked once per JVM, and the first
   * failure prints how to run the PostgreSQL suite.
   */
  static synchronized String unreachable() {
    if (!checked) {
      checked = true;
      Properties props = new Properties();
      props.setProperty("user", USER);
      props.setProperty("password", PASSWORD);
      props.setProperty("connectTimeout", "3");
      try (Connection c = DriverManager.getConnection(URL, props)) {
        failure = null;
        OptionalSuite.ran("PostgreSQL");
      } catch (SQLException e) {
        failure = e.getMessage();
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
    return failure == null ? null : "PostgreSQL unreachable at " + URL + ": " + failure;
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
    // Unique per JVM and pool, so JdbcLeakCheck sees this pool's statements and nobody else's.
    config.addDataSourceProperty("ApplicationName", applicationName(name));
    // The server is shared with other builds running the same tests: each JVM keeps its tables
    // (items...) in a schema of its own, or two builds drop each other's tables mid-test.
    config.setSchema(ownSchema());
    return new HikariDataSource(config);
  }

  /** This JVM's schema, created on first use and dropped when the JVM exits. */
  static synchronized String ownSchema() {
    if (schema == null) {
      String name = "seam_test_" + ProcessHandle.current().pid();
      try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the test schema " + name, e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                        Statement s = c.createStatement()) {
                      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
                    } catch (SQLException e) {
                      System.err.println("could not drop the test schema " + name + ": " + e);
                    }
                  },
                  "drop-" + name));
      schema = name;
    }
    return schema;
  }

  /** The {@code application_name} of a pool's sessions: JVM and pool, since servers are shared. */
  static String applicationName(String pool) {
    return "seam-test-" + ProcessHandle.current().pid() + "-" + pool;
  }

  @Override
  public String slowQuery() {
    return "SELECT pg_sleep(10)";
  }

  @Override
  public String boundedSlowQuery() {
    return "SELECT pg_sleep(5)"; // runs on in its backend after an abort: keep it short
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
