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
 * A real MariaDB server, found through SEAM_MARIADB_URL, SEAM_MARIADB_USER and
 * SEAM_MARIADB_PASSWORD (what {@code .ci/mariadb.sh} exports; defaults: the local server, user and
 * password "seam"), reached with either MariaDB Connector/J or MySQL Connector/J. Without a server
 * the MariaDB suite is skipped with a message saying how to run it, unless {@code
 * -Dseam.mariadb.required=true} (set by {@code .ci/run}) makes that a failure.
 *
 * <p>Both drivers cancel with {@code KILL QUERY} sent on a second connection; the statement then
 * fails with SQLState 70100 ("query execution was interrupted").
 */
final class MariaDb implements Db {
  static final String URL = env("SEAM_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/seam");
  static final String USER = env("SEAM_MARIADB_USER", "seam");
  static final String PASSWORD = env("SEAM_MARIADB_PASSWORD", "seam");
  private static final boolean REQUIRED = Boolean.getBoolean("seam.mariadb.required");
  private static volatile String failure; // null: not checked yet or reachable
  private static volatile boolean checked;

  /** MariaDB Connector/J. */
  static final MariaDb MARIADB_DRIVER = new MariaDb("MariaDB", URL);

  /**
   * MySQL Connector/J on the same server. It reports its own cancel and its query timeout with
   * exceptions whose SQLState is null ({@code MySQLStatementCancelledException}, {@code
   * MySQLTimeoutException}); {@link #stoppedState} reads those as 70100 too.
   */
  static final MariaDb MYSQL_DRIVER =
      new MariaDb(
          "MariaDB-via-MySQL-Connector/J", URL.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));

  private final String name;
  private final String url;
  private final boolean cancelByClass;

  private MariaDb(String name, String url) {
    this.name = name;
    this.url = url;
    this.cancelByClass = url.startsWith("jdbc:mysql:");
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Why the server cannot be reached, or null; checked once per JVM. */
  static synchronized String unreachable() {
    if (!checked) {
      checked = true;
      Properties props = new Properties();
      props.setProperty("user", USER);
      props.setProperty("password", PASSWORD);
      props.setProperty("connectTimeout", "3000");
      try (Connection c = DriverManager.getConnection(URL, props)) {
        failure = null;
        OptionalSuite.ran("MariaDB");
      } catch (SQLException e) {
        failure = e.getMessage();
        if (!REQUIRED) {
          OptionalSuite.skipped(
              "MariaDB",
              "no server at " + URL + "; start one with `. .ci/mariadb.sh`, then mvn verify");
          System.out.println(
              "\n*** MariaDB suite SKIPPED: no server at "
                  + URL
                  + " ("
                  + e.getMessage()
                  + ").\n*** To run it: start MariaDB with `. .ci/mariadb.sh` (or set"
                  + " SEAM_MARIADB_URL, SEAM_MARIADB_USER, SEAM_MARIADB_PASSWORD), then `mvn"
                  + " verify`;\n*** add -Dseam.mariadb.required=true to make an unreachable server a"
                  + " failure, as .ci/run does.\n");
        }
      }
    }
    return failure == null ? null : "MariaDB unreachable at " + URL + ": " + failure;
  }

  @Override
  public void assumeAvailable() {
    String why = unreachable();
    if (why != null) {
      if (REQUIRED) {
        Assertions.fail(why + " (-Dseam.mariadb.required=true)");
      }
      Assumptions.abort(why + "; MariaDB suite skipped");
    }
  }

  @Override
  public HikariDataSource pool(String poolName, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(url);
    config.setUsername(USER);
    config.setPassword(PASSWORD);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  @Override
  public String slowQuery() {
    // A trillion-row join: CPU only, no memory, and a KILL QUERY makes it fail with 70100 (SLEEP
    // and BENCHMARK return normally when killed, so the caller could not tell).
    return "SELECT MAX(a.seq + b.seq) FROM seq_1_to_1000000 a, seq_1_to_1000000 b";
  }

  @Override
  public String boundedSlowQuery() {
    return "SELECT SLEEP(5)"; // the join of slowQuery() would run on for hours once aborted
  }

  @Override
  public String sessionIdQuery() {
    return "SELECT CAST(CONNECTION_ID() AS SIGNED)";
  }

  @Override
  public String rangeQuery(long n) {
    return "SELECT seq FROM seq_1_to_" + n; // the Sequence engine: produced row by row
  }

  @Override
  public String runningCountQuery() {
    return "SELECT COUNT(*) FROM information_schema.processlist"
        + " WHERE command = 'Query' AND info LIKE ? AND id <> CONNECTION_ID()";
  }

  @Override
  public String cancelledState() {
    return "70100"; // ER_QUERY_INTERRUPTED, after KILL QUERY (or max_statement_time)
  }

  @Override
  public String stoppedState(SQLException e) {
    if (cancelByClass && e.getSQLState() == null) {
      String type = e.getClass().getName();
      if (type.equals("com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException")
          || type.equals("com.mysql.cj.jdbc.exceptions.MySQLTimeoutException")) {
        return cancelledState();
      }
    }
    return e.getSQLState();
  }

  @Override
  public boolean refusesSurplusParameters() {
    return cancelByClass; // MySQL Connector/J refuses them; MariaDB Connector/J ignores them
  }

  @Override
  public String itemsTable() {
    return "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)";
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
    return name;
  }
}
