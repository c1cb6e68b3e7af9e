package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a {@code withConnection} call's failure says: its description, the SQL of the statement that
 * was running at the deadline (never its parameters), or that no statement ran when the deadline
 * passed while it waited for a connection.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class JdbcCallNamingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();

  private Seam seam(String name) {
    return Seam.builder(name).maxConcurrency(1).timeout(Duration.ofSeconds(1)).clock(clock).build();
  }

  @Test
  void aTimeoutWhileAStatementRunsNamesTheCallAndTheStatementsSqlButNotItsParameters()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    DeafFunction.ENTERED.set(entered);
    DeafFunction.GATE.set(new CountDownLatch(1));
    try (HikariDataSource pool = new H2().pool("naming", 1);
        Seam seam = seam("orders-db");
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      jdbc.update("CREATE ALIAS DEAF FOR '" + DeafFunction.class.getName() + ".deaf'").join();
      CompletableFuture<Integer> f =
          jdbc.withConnection(
              "OrderDao.findOpen",
              c -> {
                try (PreparedStatement first = c.prepareStatement("SELECT ?")) {
                  first.setString(1, "first-secret");
                  first.executeQuery().close();
                }
                try (PreparedStatement ps =
                    c.prepareStatement("SELECT DEAF() FROM DUAL WHERE 'x' <> ?")) {
                  ps.setString(1, "second-secret");
                  try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                  }
                }
              });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(1));

      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class)
          .withMessageStartingWith(
              "seam 'orders-db' call \"OrderDao.findOpen\" timed out after 1000 ms")
          .withMessageContaining(
              "; running statement \"SELECT DEAF() FROM DUAL WHERE 'x' <> ?\" for 1000 ms; ")
          .withMessageNotContaining("secret");
      DeafFunction.GATE.get().countDown();
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
    } finally {
      DeafFunction.GATE.get().countDown();
    }
  }

  @Test
  void aTimeoutWhileWaitingForAConnectionSaysNoStatementRan() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HikariDataSource pool = new H2().pool("one", 1);
        Seam holderSeam = Seam.builder("holder").build();
        Seam seam = Seam.builder("pool-wait").timeout(Duration.ofSeconds(1)).clock(clock).build();
        AsyncJdbc holderJdbc = AsyncJdbc.builder(pool, holderSeam).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      CompletableFuture<Boolean> holder =
          holderJdbc.withConnection(c -> release.await(10, TimeUnit.SECONDS));
      await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 1);
      CompletableFuture<Void> described = jdbc.useConnection("OrderDao.save", c -> {});
      CompletableFuture<Long> query =
          jdbc.queryOne("SELECT 1", rs -> rs.getLong(1)).thenApply(o -> o.orElseThrow());
      await()
          .atMost(WAIT)
          .until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 2);
      clock.advance(Duration.ofSeconds(1));

      assertThat(described)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class)
          .withMessageStartingWith("seam 'pool-wait' call \"OrderDao.save\" timed out after 1000")
          .withMessageContaining(
              "had been waiting 1000 ms for a pool connection; no statement ran;");
      // A query is still named by the SQL it was going to run, and says it never ran it.
      assertThat(query)
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamTimeoutException.class)
          .withMessageStartingWith("seam 'pool-wait' call \"SELECT 1\" timed out after 1000")
          .withMessageContaining(
              "had been waiting 1000 ms for a pool connection; no statement ran;");
      release.countDown();
      assertThat(holder).succeedsWithin(WAIT).isEqualTo(true);
      await().atMost(WAIT).until(() -> seam.stats().running() == 0);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aNullDescriptionFailsTheFutureNamingIt() throws Exception {
    try (HikariDataSource pool = new H2().pool("null-description", 1);
        Seam seam = seam("checks");
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).build()) {
      assertThat(jdbc.withConnection(null, c -> 1))
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(NullPointerException.class)
          .withMessage("description");
      assertThat(jdbc.useConnection(null, c -> {}))
          .failsWithin(WAIT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(NullPointerException.class)
          .withMessage("description");
    }
  }
}
