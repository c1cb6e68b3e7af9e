package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file database survives cancelled writes. An interrupt during file I/O would close the
 * MVStore for every connection (h2database issues 227, 1076, 1300); AsyncJdbc cancels through
 * {@code Statement.cancel()} and never interrupts, even on a seam that is set to interrupt.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class H2FileStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String LONG_WRITE =
      "INSERT INTO t SELECT X + ?, REPEAT('x', 100) FROM SYSTEM_RANGE(1, 1000000000)";

  @TempDir Path dir;

  @Test
  void fileDatabaseSurvivesHundredCancelledWritesAndStaysUsable() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("store") + ";LOCK_TIMEOUT=10000";
    AtomicInteger cancelledOnServer = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    try (HikariDataSource pool = H2.pool("h2-file", 2, url);
        Seam interrupting = Seam.builder("h2-file").maxConcurrency(2).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, interrupting).build()) {
      jdbc.update("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(200))").join();
      long start = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        long offset = i * 10_000_000_000L;
        CompletableFuture<Integer> write =
            jdbc.withConnection(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(LONG_WRITE)) {
                    ps.setLong(1, offset);
                    return ps.executeUpdate();
                  } catch (SQLException e) {
                    if ("57014".equals(e.getSQLState())) {
                      cancelledOnServer.incrementAndGet();
                    }
                    if (Thread.currentThread().isInterrupted()) {
                      interrupted.incrementAndGet();
                    }
                    throw e;
                  }
                });
        await()
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(() -> writesRunning(pool) > 0);
        write.cancel(true);
        await()
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(() -> interrupting.stats().running() == 0);
      }
      MEASURED_LOG.info(
          "H2 file store: 100 cancelled writes in {} ms, {} stopped by Statement.cancel()",
          (System.nanoTime() - start) / 1_000_000,
          cancelledOnServer.get());
      assertThat(cancelledOnServer).hasValue(100);
      assertThat(interrupted).hasValue(0);
      assertThat(jdbc.queryOne("SELECT COUNT(*) FROM t", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(0L));
      assertThat(jdbc.update("INSERT INTO t VALUES (1, 'kept')")).succeedsWithin(WAIT);
      await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
    }
    // The store reopens from disk with the committed row: the file was never closed under us.
    try (HikariDataSource reopened = H2.pool("h2-file-reopened", 1, url);
        Connection c = reopened.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("kept");
    }
  }

  private static final org.slf4j.Logger MEASURED_LOG = JdbcTestBase.MEASURED;

  private static long writesRunning(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                    + " WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO t SELECT%'")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
