package dev.seam.reactor;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

/** An in-memory H2 database of its own behind a small HikariCP pool. */
final class H2Pool {
  private H2Pool() {}

  /** H2 checks for cancellation row by row; a trillion rows take far longer than any test. */
  static final String SLOW_QUERY = "SELECT MAX(X + 1) FROM SYSTEM_RANGE(1, 1000000000000)";

  static HikariDataSource open(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:reactor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
