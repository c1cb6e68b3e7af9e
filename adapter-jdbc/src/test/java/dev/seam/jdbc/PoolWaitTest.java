package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A call cancelled while it waits for a pooled connection runs nothing once it gets one. */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class PoolWaitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void callCancelledWhileWaitingForAConnectionRunsNoStatement() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HikariDataSource pool = new H2().pool("one", 1);
        Seam seam = Seam.builder("wider").maxConcurrency(2).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      jdbc.update("CREATE TABLE t (v INT)").join();
      CompletableFuture<Boolean> holder =
          jdbc.withConnection(c -> release.await(10, TimeUnit.SECONDS));
      await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);
      CompletableFuture<Integer> waiting = jdbc.update("INSERT INTO t VALUES (1)");
      await()
          .atMost(WAIT)
          .until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
      waiting.cancel(true);
      release.countDown();
      assertThat(holder).succeedsWithin(WAIT).isEqualTo(true);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
      assertThat(jdbc.query("SELECT v FROM t", rs -> rs.getInt(1)))
          .succeedsWithin(WAIT)
          .isEqualTo(List.of());
      jdbc.update("DROP TABLE t").join();
      await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aDeadlineThatPassesWhileWaitingForAConnectionSaysSoAndCountsAsAResourceWait()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HikariDataSource pool = new H2().pool("one-more", 1);
        Seam holderSeam = Seam.builder("holder").build();
        Seam seam = Seam.builder("pool-wait").timeout(Duration.ofMillis(200)).build();
        AsyncJdbc holderJdbc = AsyncJdbc.builder(pool, holderSeam).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      CompletableFuture<Boolean> holder =
          holderJdbc.withConnection(c -> release.await(10, TimeUnit.SECONDS));
      await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);
      CompletableFuture<Integer> timedOut = jdbc.update("SELECT 1");
      assertThat(timedOut)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class)
          .withMessageContaining("had been waiting")
          .withMessageContaining("for a pool connection");
      release.countDown();
      assertThat(holder).succeedsWithin(WAIT).isEqualTo(true);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
      await().atMost(WAIT).until(() -> seam.stats().resourceWait().count() == 1);
      assertThat(seam.stats().resourceWait().max()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    } finally {
      release.countDown();
    }
  }
}
