package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Cancellation proven on the server: pg_stat_activity, and the cancel race of pgjdbc issue 412. */
class PostgresServerCancelTest extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Override
  Db db() {
    return new Postgres();
  }

  @Test
  void pgSleepWithA200msDeadlineFailsAtTheDeadlineAndLeavesTheServer() throws Exception {
    AtomicLong failedAt = new AtomicLong();
    long submitted = System.nanoTime();
    CompletableFuture<Optional<String>> f =
        jdbc.withTimeout(Duration.ofMillis(200))
            .queryOne("SELECT pg_sleep(10)", rs -> rs.getString(1))
            .whenComplete((v, e) -> failedAt.set(System.nanoTime()));
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SeamTimeoutException.class);
    await("pg_sleep gone from pg_stat_activity")
        .pollInterval(Duration.ofMillis(2))
        .atMost(WAIT)
        .until(() -> slowQueriesRunning() == 0);
    long goneAt = System.nanoTime();
    awaitWorkersReturned();
    long failedMs = (failedAt.get() - submitted) / 1_000_000;
    double goneMs = (goneAt - failedAt.get()) / 1e6;
    MEASURED.info(
        "PostgreSQL: pg_sleep(10) with a 200 ms deadline failed after {} ms; gone from"
            + " pg_stat_activity {} ms after the failure",
        failedMs,
        String.format("%.1f", goneMs));
    assertThat(failedMs).as("sanity bound, not a benchmark").isBetween(150L, 2_000L);
    assertThat(goneMs).as("sanity bound, not a benchmark").isLessThan(2_000.0);
    assertThat(jdbc.queryOne("SELECT 42", JdbcTestBase::firstLong))
        .succeedsWithin(WAIT)
        .isEqualTo(Optional.of(42L));
  }

  /**
   * pgjdbc issue 412: a cancel travels over a new connection and can land on the next statement.
   * Cancels at random moments around the end of a short query, then runs the next query through the
   * same one-connection pool, 1,000 times. A connection that may still receive a cancel is evicted,
   * so the next query never fails with 57014.
   */
  @Test
  void cancelAroundQueryEndNeverCancelsTheNextQuery() throws Exception {
    try (HikariDataSource one = db().pool("race", 1);
        Seam lane = AsyncJdbc.seamFor("race", one).timeout(WAIT).build();
        AsyncJdbc race = AsyncJdbc.builder(one, lane).build()) {
      String query = "SELECT CAST(pg_backend_pid() AS BIGINT) FROM pg_sleep(0.001)";
      long median = medianCallMicros(race, query);
      int iterations = 1_000;
      int cancelledInFlight = 0;
      int nextFailedWith57014 = 0;
      Set<Long> backends = new HashSet<>();
      for (int i = 0; i < iterations; i++) {
        CompletableFuture<Optional<Long>> f = race.queryOne(query, JdbcTestBase::firstLong);
        // Aim at the query's end: uniformly within half its usual duration either side.
        spinMicros(median / 2 + ThreadLocalRandom.current().nextLong(median + 1));
        if (f.cancel(true)) {
          cancelledInFlight++;
        }
        try {
          backends.add(race.queryOne(db().sessionIdQuery(), JdbcTestBase::firstLong).join().get());
        } catch (CompletionException e) {
          if (e.getCause().getCause() instanceof SQLException sql
              && "57014".equals(sql.getSQLState())) {
            nextFailedWith57014++;
          } else {
            throw e;
          }
        }
      }
      MEASURED.info(
          "PostgreSQL cancel race: call takes {} us (median), {} iterations, {} cancels reached an unfinished call, {}"
              + " connections used (evicted after a cancel), next query failed with 57014: {}",
          median,
          iterations,
          cancelledInFlight,
          backends.size(),
          nextFailedWith57014);
      assertThat(nextFailedWith57014).isZero();
      assertThat(cancelledInFlight).isPositive();
      await().atMost(WAIT).until(() -> lane.stats().running() == 0);
      await().atMost(WAIT).until(() -> one.getHikariPoolMXBean().getActiveConnections() == 0);
    }
  }

  private static long medianCallMicros(AsyncJdbc race, String query) {
    long[] micros = new long[21];
    for (int i = 0; i < micros.length; i++) {
      long start = System.nanoTime();
      race.queryOne(query, JdbcTestBase::firstLong).join();
      micros[i] = (System.nanoTime() - start) / 1_000;
    }
    java.util.Arrays.sort(micros);
    return micros[micros.length / 2];
  }

  private static void spinMicros(long micros) {
    long until = System.nanoTime() + micros * 1_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
