package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool, a seam sized from it and an {@code AsyncJdbc} per test, with an {@code items} table.
 * After every test the pool's active count must return to zero: no connection leaks, whatever the
 * test cancelled.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
abstract class JdbcTestBase {
  /** Where measured latencies go (INFO, shown in the build log). */
  static final Logger MEASURED = LoggerFactory.getLogger("dev.seam.jdbc.measured");

  static final int POOL_SIZE = 3;

  HikariDataSource pool;
  Seam seam;
  AsyncJdbc jdbc;

  /** The database under test. */
  abstract Db db();

  @BeforeEach
  void openPool() throws Exception {
    db().assumeAvailable();
    pool = db().pool("test-" + db(), POOL_SIZE);
    seam = AsyncJdbc.seamFor("db", pool).timeout(Duration.ofSeconds(10)).build();
    jdbc = AsyncJdbc.builder(pool, seam).abortAfter(Duration.ofSeconds(3)).build();
    jdbc.update("DROP TABLE IF EXISTS items").get();
    jdbc.update(db().itemsTable()).get();
  }

  @AfterEach
  void closePool() throws Exception {
    if (pool == null) {
      return; // skipped: the database was not there
    }
    try {
      await("pool active count back to 0")
          .atMost(Duration.ofSeconds(10))
          .until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
      db().cleanUp(pool);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    } finally {
      jdbc.close();
      seam.close();
      pool.close();
    }
  }

  /** Waits until no call of the seam is still running (abandoned calls included). */
  void awaitWorkersReturned() {
    await("workers returned")
        .pollInterval(Duration.ofMillis(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> seam.stats().running() == 0);
  }

  /** How many sessions are running the slow query right now (seen from outside the seam). */
  long slowQueriesRunning() throws java.sql.SQLException {
    try (java.sql.Connection c = pool.getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(db().runningCountQuery())) {
      ps.setString(1, "%" + db().slowQuery().substring(7) + "%");
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Waits until the slow query runs on the server, so a cancel finds it executing. */
  void awaitSlowQueryRunning() {
    await("slow query running")
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(10))
        .until(() -> slowQueriesRunning() > 0);
  }

  static String name(java.sql.ResultSet rs) throws java.sql.SQLException {
    return rs.getString("name");
  }

  static long firstLong(java.sql.ResultSet rs) throws java.sql.SQLException {
    return rs.getLong(1);
  }
}
