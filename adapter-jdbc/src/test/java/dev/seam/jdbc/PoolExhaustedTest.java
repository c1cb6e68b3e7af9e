package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool with one connection, held, under a seam that admits two calls (as a seam sized wider than
 * its pool does): the second call waits in the pool. Whichever comes first ends it: the pool's
 * connection timeout (the call fails with the pool's error) or the call's deadline (it times out,
 * and its worker, still waiting in the pool, runs nothing once it gets the connection).
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class PoolExhaustedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicLong DATABASES = new AtomicLong();

  HikariDataSource pool; // checked by JdbcLeakCheck
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closePool() {
    release.countDown();
    if (pool != null) {
      pool.close();
    }
  }

  private HikariDataSource pool(long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("one");
    config.setJdbcUrl("jdbc:h2:mem:exhausted" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(connectionTimeoutMillis);
    return new HikariDataSource(config);
  }

  private CompletableFuture<Boolean> holdTheOnlyConnection(AsyncJdbc jdbc) {
    CompletableFuture<Boolean> holder =
        jdbc.withTimeout(WAIT).withConnection(c -> release.await(10, TimeUnit.SECONDS));
    await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);
    return holder;
  }

  @Test
  void connectionTimeoutShorterThanTheDeadlineFailsTheCallWithThePoolsError() {
    pool = pool(250);
    try (Seam seam = Seam.builder("wide").maxConcurrency(2).timeout(Duration.ofSeconds(3)).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      CompletableFuture<Boolean> holder = holdTheOnlyConnection(jdbc);
      long submitted = System.nanoTime();
      assertThat(jdbc.update("CREATE TABLE never (v INT)"))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(SeamCallException.class)
          .havingCause()
          .isInstanceOf(SQLTransientConnectionException.class)
          .withMessageContaining("request timed out after");
      long failedMs = (System.nanoTime() - submitted) / 1_000_000;
      assertThat(failedMs)
          .as("at the pool's 250 ms, well before the 3 s deadline")
          .isBetween(250L, 2_000L);
      release.countDown();
      assertThat(holder).succeedsWithin(WAIT).isEqualTo(true);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
      JdbcTestBase.MEASURED.info(
          "pool exhausted, 250 ms connection timeout < 3 s deadline: failed after {} ms with the"
              + " pool's SQLTransientConnectionException",
          failedMs);
    }
  }

  @Test
  void deadlineShorterThanTheConnectionTimeoutFailsTheCallAndItsWorkerRunsNothing() {
    pool = pool(5_000);
    try (Seam seam =
            Seam.builder("wide").maxConcurrency(2).timeout(Duration.ofMillis(300)).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      jdbc.withTimeout(WAIT).update("CREATE TABLE t (v INT)").join();
      CompletableFuture<Boolean> holder = holdTheOnlyConnection(jdbc);
      long submitted = System.nanoTime();
      assertThat(jdbc.update("INSERT INTO t VALUES (1)"))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SeamTimeoutException.class, e -> assertThat(e.started()).isTrue());
      long failedMs = (System.nanoTime() - submitted) / 1_000_000;
      assertThat(failedMs).as("at the 300 ms deadline").isBetween(300L, 1_500L);
      assertThat(seam.stats().abandoned()).as("its worker still waits in the pool").isEqualTo(1);
      assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isEqualTo(1);
      release.countDown();
      assertThat(holder).succeedsWithin(WAIT).isEqualTo(true);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
      assertThat(jdbc.withTimeout(WAIT).query("SELECT v FROM t", rs -> rs.getInt(1)))
          .succeedsWithin(WAIT)
          .isEqualTo(List.of());
      JdbcTestBase.MEASURED.info(
          "pool exhausted, 300 ms deadline < 5 s connection timeout: timed out after {} ms; the"
              + " waiting worker ran nothing once it got the connection",
          failedMs);
    }
  }
}
