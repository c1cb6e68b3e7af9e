package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Leaving a subscription stops the query on the PostgreSQL server: it is gone from {@code
 * pg_stat_activity}, as {@code Mono.fromCallable(...).subscribeOn(boundedElastic())} never does.
 */
class PostgresJdbcTest {
  private static final Logger MEASURED = LoggerFactory.getLogger("dev.seam.reactor.measured");
  private static final Duration BOUND = Duration.ofSeconds(15);

  private HikariDataSource pool;
  private Seam seam;
  private AsyncJdbc jdbc;
  private final String marker = "seam_reactor_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeAll
  static void server() {
    PgServer.assumeReachable();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
      seam.close();
      pool.close();
    }
  }

  private void open() {
    pool = PgServer.pool(2);
    seam = AsyncJdbc.seamFor("pg-reactor", pool).build();
    jdbc = AsyncJdbc.builder(pool, seam).build();
  }

  @Test
  void disposeRemovesTheQueryFromPgStatActivity() throws Exception {
    open();
    Disposable d =
        SeamReactor.defer(() -> jdbc.queryOne("SELECT pg_sleep(60) /* " + marker + " */", rs -> 1))
            .subscribe();
    await("pg_sleep active").atMost(BOUND).until(() -> PgServer.active(marker) == 1);

    long t0 = System.nanoTime();
    d.dispose();

    await("pg_sleep gone").atMost(BOUND).until(() -> PgServer.active(marker) == 0);
    MEASURED.info(
        "PostgreSQL: pg_sleep gone from pg_stat_activity {} ms after dispose()",
        (System.nanoTime() - t0) / 1_000_000);
    awaitReturned();
  }

  @Test
  void timeoutOnAStreamRemovesTheQueryFromPgStatActivity() throws Exception {
    open();
    Flux<Integer> rows =
        SeamReactor.flux(
            jdbc.stream(
                "SELECT x FROM generate_series(1, 3) AS x WHERE pg_sleep(60) IS NOT NULL"
                    + " /* "
                    + marker
                    + " */",
                rs -> rs.getInt(1)));

    // The timeout fires once the server runs the query, whatever the machine's load.
    Mono<Void> whenActive =
        Mono.<Void>fromRunnable(
                () ->
                    await("stream query active")
                        .atMost(BOUND)
                        .until(() -> PgServer.active(marker) == 1))
            .subscribeOn(Schedulers.boundedElastic());

    StepVerifier.create(rows.timeout(whenActive)).expectError(TimeoutException.class).verify(BOUND);

    await("stream query gone").atMost(BOUND).until(() -> PgServer.active(marker) == 0);
    awaitReturned();
  }

  @Test
  void takeMapsOnlyTheRowsItAsksForAndFreesTheConnection() {
    open();
    AtomicInteger mapped = new AtomicInteger();
    // generate_series is materialized by the server before the first row; the cursor still
    // hands the driver one fetch size at a time.
    StepVerifier.create(
            SeamReactor.flux(
                    jdbc.stream(
                        "SELECT x FROM generate_series(1, 1000000) AS x /* " + marker + " */",
                        rs -> {
                          mapped.incrementAndGet();
                          return rs.getInt(1);
                        }))
                .take(3))
        .expectNext(1, 2, 3)
        .expectComplete()
        .verify(BOUND);
    awaitReturned();
    assertThat(mapped).hasValue(3);
    assertThat(seam.stats().failed()).isZero();
  }

  private void awaitReturned() {
    await("connections back in the pool, seam idle")
        .atMost(BOUND)
        .until(
            () ->
                pool.getHikariPoolMXBean().getActiveConnections() == 0
                    && seam.stats().running() == 0
                    && seam.stats().queued() == 0);
  }
}
