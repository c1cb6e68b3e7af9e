package dev.seam.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Embedded H2 in memory, one fresh database per pool. Lazy execution, so rows stream. */
final class H2 implements Db {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  public HikariDataSource pool(String name, int size) {
    return pool(
        name,
        size,
        "jdbc:h2:mem:seam"
            + DATABASES.incrementAndGet()
            + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
  }

  static HikariDataSource pool(String name, int size, String url) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  @Override
  public String slowQuery() {
    // H2 checks for cancellation row by row; a trillion rows take far longer than any test.
    return "SELECT MAX(X + 1) FROM SYSTEM_RANGE(1, 1000000000000)";
  }

  @Override
  public boolean abortStopsARunningStatement() {
    return false; // JdbcConnection.abort is empty
  }

  @Override
  public String sessionIdQuery() {
    return "SELECT CAST(SESSION_ID() AS BIGINT)";
  }

  @Override
  public String rangeQuery(long n) {
    return "SELECT X FROM SYSTEM_RANGE(1, " + n + ")";
  }

  @Override
  public String runningCountQuery() {
    return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
        + " WHERE EXECUTING_STATEMENT LIKE ? AND SESSION_ID <> SESSION_ID()";
  }

  @Override
  public void cleanUp(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP ALL OBJECTS");
    }
  }

  @Override
  public String toString() {
    return "H2";
  }
}
