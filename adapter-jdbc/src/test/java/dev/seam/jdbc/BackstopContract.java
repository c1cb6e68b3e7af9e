package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * J2's backstop, on each driver: a statement that does not hear {@code Statement.cancel()} (deaf,
 * or behind a wrapper that holds {@code cancel()} until the statement ends) gets its connection
 * aborted after the bound. Where the driver's abort stops the statement (pgjdbc, MariaDB and MySQL
 * Connector/J close the socket), the worker is free at once; where it does not (H2's abort is
 * empty), the log says so and the call stays counted as abandoned. Either way the connection never
 * goes back to the pool. The pool under test is HikariCP over the unhearing wrapper over the
 * driver.
 */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
abstract class BackstopContract {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofMillis(300);
  private static final Duration ABORT_AFTER = Duration.ofMillis(500);

  abstract Db db();

  @BeforeEach
  void databaseThere() {
    db().assumeAvailable();
  }

  @Test
  void aStatementDeafToCancelIsStoppedByTheAbortOrReportedAndEvicted() throws Exception {
    runUnheard(UnheardCancel.deaf());
  }

  @Test
  void aCancelSerialisedBehindTheRunningStatementIsDetectedByTheBackstop() throws Exception {
    UnheardCancel unheard = UnheardCancel.serialisingCancelBehindTheStatement();
    try (LogCapture log = runUnheard(unheard)) {
      assertThat(unheard.cancelCalled.getCount()).as("Seam's cancel reached the wrapper").isZero();
      assertThat(log.warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains(
                          "Statement.cancel() has not returned",
                          "holds cancel() until the running statement ends",
                          "aborting"));
    }
  }

  /** Runs the unhearing call to its end; returns the (closed) log capture for more checks. */
  private LogCapture runUnheard(UnheardCancel unheard) throws Exception {
    LogCapture log = new LogCapture("dev.seam.jdbc");
    try (log;
        HikariDataSource driver = db().pool("driver-" + db(), 2);
        HikariDataSource pool = pool("backstop-" + db(), unheard, driver);
        Seam seam = AsyncJdbc.seamFor("backstop", pool).timeout(DEADLINE).build();
        AsyncJdbc jdbc = AsyncJdbc.builder(pool, seam).abortAfter(ABORT_AFTER).build()) {
      Connection before;
      try (Connection c = pool.getConnection()) {
        before = c.unwrap(Connection.class);
      }
      AtomicReference<SQLException> stopped = new AtomicReference<>();
      CompletableFuture<Long> f =
          jdbc.withConnection(
              c -> {
                try (PreparedStatement ps = c.prepareStatement(db().boundedSlowQuery());
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return 0L;
                } catch (SQLException e) {
                  stopped.set(e);
                  throw e;
                }
              });
      assertThat(unheard.executing.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(f)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamTimeoutException.class);
      await("abort warning")
          .atMost(WAIT)
          .until(() -> log.warnings().stream().anyMatch(w -> w.contains("aborting")));
      if (db().abortStopsARunningStatement()) {
        await("the abort freed the worker").atMost(WAIT).until(() -> seam.stats().running() == 0);
        assertThat(stopped)
            .as("the statement failed when its socket closed")
            .doesNotHaveNullValue();
        assertThat(log.warnings()).noneMatch(w -> w.contains("did not free the worker"));
      } else {
        await("the backstop says the abort did not free the worker")
            .atMost(WAIT)
            .until(() -> log.warnings().stream().anyMatch(w -> w.contains("did not free")));
        assertThat(log.warnings())
            .anySatisfy(
                w ->
                    assertThat(w)
                        .contains("seam 'backstop'", "evicted, never reused", "abandoned"));
        assertThat(seam.stats().abandoned()).as("the stats say so").isEqualTo(1);
        unheard.stopForReal();
        await("the worker came back").atMost(WAIT).until(() -> seam.stats().running() == 0);
      }
      try (Connection c = pool.getConnection()) {
        assertThat(c.unwrap(Connection.class)).as("evicted: a new connection").isNotSameAs(before);
        assertThat(c.isValid(5)).isTrue();
      }
      // An aborted client's statement runs on in its server backend until it ends by itself; wait,
      // so that later tests counting running statements do not see it.
      await("the server finished the aborted statement")
          .atMost(Duration.ofSeconds(15))
          .until(() -> running(driver) == 0);
      JdbcTestBase.MEASURED.info(
          "{}: cancel {} by the statement; after the {} ms abort bound {}",
          db(),
          unheard.cancelCalled.getCount() == 0 ? "sent, not heard" : "never sent",
          ABORT_AFTER.toMillis(),
          db().abortStopsARunningStatement()
              ? "the abort freed the worker"
              : "the abort did nothing; evicted and reported");
    }
    return log;
  }

  private long running(HikariDataSource driver) throws SQLException {
    try (Connection c = driver.getConnection();
        PreparedStatement ps = c.prepareStatement(db().runningCountQuery())) {
      ps.setString(1, "%" + db().boundedSlowQuery().substring(7) + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** HikariCP over the unhearing wrapper over a driver's connections (a pool of them). */
  private static HikariDataSource pool(
      String name, UnheardCancel unheard, HikariDataSource driver) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(5_000);
    config.setDataSource(unheard.over(driver));
    return new HikariDataSource(config);
  }
}
