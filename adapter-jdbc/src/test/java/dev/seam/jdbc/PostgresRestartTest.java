package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real PostgreSQL restart under load, on a server of the test's own ({@link PrivatePostgres}):
 * calls running at the restart fail (the server terminates their sessions), calls made while it is
 * down fail by their deadline, none hangs, every future completes, and the pool serves again once
 * the server is back, without being rebuilt.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class PostgresRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration DEADLINE = Duration.ofMillis(800);

  PrivatePostgres server;
  HikariDataSource pool; // checked by JdbcLeakCheck

  @AfterEach
  void stop() throws Exception {
    try {
      if (pool != null) {
        pool.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void restartUnderLoadEndsEveryCallByItsDeadlineAndThePoolServesAgain() throws Exception {
    server = PrivatePostgres.start();
    pool = server.pool("restarted", 2);
    try (Seam seam = AsyncJdbc.seamFor("restarted", pool).timeout(DEADLINE).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).abortAfter(Duration.ofMillis(700)).build()) {
      OutageLoad load = new OutageLoad(jdbc, 4);
      try {
        load.start();
        load.awaitSucceeded(50, WAIT);
        long restartStart = System.nanoTime();
        server.restart();
        long restartMs = (System.nanoTime() - restartStart) / 1_000_000;
        long before = load.succeeded();
        long recoverStart = System.nanoTime();
        load.awaitSucceeded(before + 50, WAIT);
        long recoverMs = (System.nanoTime() - recoverStart) / 1_000_000;
        load.stop();
        assertThat(load.completed()).as("every future completed").isEqualTo(load.submitted());
        assertThat(load.maxLatencyMillis())
            .as("no call outlived its deadline by more than the bound")
            .isLessThanOrEqualTo(DEADLINE.toMillis() + 700);
        await("workers back").atMost(WAIT).until(() -> seam.stats().running() == 0);
        JdbcTestBase.MEASURED.info(
            "PostgreSQL restart under load (4 callers, pg_ctl restart -m fast took {} ms): {}"
                + " calls, {} succeeded, failures by kind {}; slowest call {} ms ({} ms"
                + " deadline); 50 more calls succeeded {} ms after the restart returned",
            restartMs,
            load.submitted(),
            load.succeeded(),
            load.failuresByKind(),
            load.maxLatencyMillis(),
            DEADLINE.toMillis(),
            recoverMs);
      } finally {
        load.stop();
      }
    }
  }
}
