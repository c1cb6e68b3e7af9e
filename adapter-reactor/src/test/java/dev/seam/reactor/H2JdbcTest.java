package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Reactor over {@code AsyncJdbc} on H2, at its defaults: demand drives the row reads, and leaving
 * (dispose, take, timeout) reaches {@code Statement.cancel()} and returns the connection.
 */
class H2JdbcTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final HikariDataSource pool = H2Pool.open(2);
  private final CancelSpy spy = new CancelSpy();
  private final Seam seam = AsyncJdbc.seamFor("h2-reactor", pool).build();
  private final AsyncJdbc jdbc = AsyncJdbc.builder(spy.over(pool), seam).build();

  @AfterEach
  void close() {
    jdbc.close();
    seam.close();
    pool.close();
  }

  @Test
  void requestDrivesTheRowReads() {
    AtomicInteger mapped = new AtomicInteger();
    Flux<Long> rows =
        SeamReactor.flux(
            jdbc.stream(
                "SELECT X FROM SYSTEM_RANGE(1, 100000)",
                rs -> {
                  mapped.incrementAndGet();
                  return rs.getLong(1);
                }));

    StepVerifier.create(rows, 3)
        .expectNext(1L, 2L, 3L)
        .then(() -> assertThat(mapped).as("rows read for a demand of 3").hasValue(3))
        .thenRequest(2)
        .expectNext(4L, 5L)
        .then(() -> assertThat(mapped).hasValue(5))
        .thenCancel()
        .verify(BOUND);
    awaitReturned();
  }

  @Test
  void anUnboundedSubscriberGetsEveryRowOnTheWorker() {
    StepVerifier.create(
            SeamReactor.flux(
                    jdbc.stream("SELECT X FROM SYSTEM_RANGE(1, 1000)", rs -> rs.getLong(1)))
                .map(x -> Thread.currentThread().getName())
                .distinct())
        .assertNext(name -> assertThat(name).startsWith("seam-h2-reactor-"))
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void takeCancelsTheStreamAndReturnsTheConnection() {
    AtomicInteger mapped = new AtomicInteger();
    StepVerifier.create(
            SeamReactor.flux(
                    jdbc.stream(
                        "SELECT X FROM SYSTEM_RANGE(1, 100000)",
                        rs -> {
                          mapped.incrementAndGet();
                          return rs.getLong(1);
                        }))
                .take(5))
        .expectNext(1L, 2L, 3L, 4L, 5L)
        .expectComplete()
        .verify(BOUND);
    awaitReturned();
    assertThat(mapped).as("take(5) asks for 5 rows, not all").hasValue(5);
  }

  @Test
  void disposeDuringASlowQueryCancelsTheStatement() throws Exception {
    Disposable d =
        SeamReactor.defer(() -> jdbc.queryOne(H2Pool.SLOW_QUERY, rs -> rs.getLong(1))).subscribe();
    awaitExecuting();

    d.dispose();

    assertThat(spy.awaitCancelled()).as("Statement.cancel() reached").isTrue();
    awaitReturned();
  }

  @Test
  void timeoutOperatorOnAStreamCancelsTheStatement() throws Exception {
    Flux<Long> slow = SeamReactor.flux(jdbc.stream(H2Pool.SLOW_QUERY, rs -> rs.getLong(1)));

    Mono<Void> whenExecuting =
        Mono.<Void>fromRunnable(this::awaitExecuting).subscribeOn(Schedulers.boundedElastic());

    StepVerifier.create(slow.timeout(whenExecuting))
        .expectError(TimeoutException.class)
        .verify(BOUND);

    assertThat(spy.awaitCancelled()).as("Statement.cancel() reached").isTrue();
    awaitReturned();
  }

  @Test
  void theRowMapperRunsInTheSubscribersContext() {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(new ReactorContextTest.RequestAccessor());
    try {
      Flux<String> rows =
          SeamReactor.flux(
              jdbc.stream(
                  "SELECT X FROM SYSTEM_RANGE(1, 3)",
                  rs -> rs.getLong(1) + ":" + MDC.get("request")));

      StepVerifier.create(
              rows.contextWrite(Context.of(ReactorContextTest.KEY, "r-9"))
                  .subscribeOn(Schedulers.parallel()))
          .expectNext("1:r-9", "2:r-9", "3:r-9")
          .expectComplete()
          .verify(BOUND);
    } finally {
      ContextRegistry.getInstance().removeThreadLocalAccessor(ReactorContextTest.KEY);
    }
  }

  private void awaitExecuting() {
    await("the slow query executing")
        .atMost(BOUND)
        .until(
            () -> {
              try (var c = pool.getConnection();
                  var ps =
                      c.prepareStatement(
                          "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                              + " WHERE EXECUTING_STATEMENT LIKE ? AND SESSION_ID <> SESSION_ID()")) {
                ps.setString(1, "%SYSTEM_RANGE(1, 1000000000000)%");
                try (var rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getInt(1) == 1;
                }
              }
            });
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
