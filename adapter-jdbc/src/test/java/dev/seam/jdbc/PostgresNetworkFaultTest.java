package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamTimeoutException;
import dev.seam.fault.FaultProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network between the pool and PostgreSQL fails mid-query, through a {@link FaultProxy}: it
 * goes silent (the call fails at its deadline, the stuck connection is aborted after the abort
 * bound and evicted, and the pool serves again once the network is back) or resets (the call fails
 * at once with the driver's connection error). {@code Statement.cancel()} on pgjdbc opens a new
 * connection to the same host and port, so the cancel goes through the proxy and meets the fault
 * too. The pool's sessions set {@code client_connection_check_interval}, so the server notices a
 * client that is gone within 100 ms instead of running its statement to the end; the leak check
 * proves no statement is left behind on the server.
 */
class PostgresNetworkFaultTest extends JdbcTestBase {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofMillis(800);
  private static final Duration ABORT_AFTER = Duration.ofMillis(700);
  private static final String SLEEP = "SELECT pg_sleep(30)";

  FaultProxy proxy;
  HikariDataSource proxied; // found and checked by JdbcLeakCheck as well
  Seam lane;
  AsyncJdbc onProxy;

  @Override
  Db db() {
    return new Postgres();
  }

  @BeforeEach
  void startProxy() throws Exception {
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)").matcher(Postgres.URL);
    assertThat(m.matches()).as("SEAM_PG_URL as host:port/db: " + Postgres.URL).isTrue();
    proxy = FaultProxy.start(m.group(1), Integer.parseInt(m.group(2)));
    HikariConfig config = new HikariConfig();
    config.setPoolName("proxied");
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group(3));
    config.setUsername(Postgres.USER);
    config.setPassword(Postgres.PASSWORD);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("ApplicationName", Postgres.applicationName("proxied"));
    config.addDataSourceProperty("connectTimeout", "2");
    // Bounds the cancel thread's wait when the cancel connection meets a silent network.
    config.addDataSourceProperty("cancelSignalTimeout", "1");
    config.addDataSourceProperty("options", "-c client_connection_check_interval=100");
    proxied = new HikariDataSource(config);
    lane = AsyncJdbc.seamFor("proxied", proxied).timeout(DEADLINE).build();
    onProxy = AsyncJdbc.builder(proxied, lane).abortAfter(ABORT_AFTER).build();
  }

  @AfterEach
  void stopProxy() throws Exception {
    if (proxy == null) {
      return;
    }
    try {
      onProxy.close();
      lane.close();
      proxied.close();
    } finally {
      proxy.close();
    }
  }

  @Test
  void networkGoingSilentMidQueryFailsTheCallAtItsDeadlineAndTheConnectionIsEvicted()
      throws Exception {
    long before = backendOfTheProxiedPool();
    AtomicLong failedAt = new AtomicLong();
    long submitted = System.nanoTime();
    CompletableFuture<Optional<String>> f =
        onProxy
            .queryOne(SLEEP, rs -> rs.getString(1))
            .whenComplete((v, e) -> failedAt.set(System.nanoTime()));
    awaitSleeping(1);
    proxy.stall();
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamTimeoutException.class)
        .withMessageContaining("seam 'proxied'")
        .withMessageContaining(SLEEP);
    long failedMs = (failedAt.get() - submitted) / 1_000_000;
    await("worker back").atMost(WAIT).until(() -> lane.stats().running() == 0);
    long returnedMs = (System.nanoTime() - failedAt.get()) / 1_000_000;
    assertThat(failedMs).as("at the deadline").isBetween(DEADLINE.toMillis(), 1_500L);
    assertThat(returnedMs)
        .as("the worker is freed by the abort bound, not by the network")
        .isBetween(ABORT_AFTER.toMillis() - 100, 3_000L);
    assertThat(proxied.getHikariPoolMXBean().getActiveConnections()).isZero();

    proxy.forward();
    long after = backendOfTheProxiedPool();
    assertThat(after).as("the aborted connection was evicted").isNotEqualTo(before);
    awaitSleeping(0); // the server let the orphaned statement go too
    MEASURED.info(
        "PostgreSQL, network silent mid-query: {} ms deadline failed after {} ms; the stuck worker"
            + " returned {} ms later ({} ms abort bound); the pool served again on a new session",
        DEADLINE.toMillis(),
        failedMs,
        returnedMs,
        ABORT_AFTER.toMillis());
  }

  @Test
  void connectionResetMidQueryFailsTheCallAtOnceWithTheConnectionError() throws Exception {
    long before = backendOfTheProxiedPool();
    AsyncJdbc patient = onProxy.withTimeout(WAIT);
    AtomicLong failedAt = new AtomicLong();
    CompletableFuture<Optional<String>> f =
        patient
            .queryOne(SLEEP, rs -> rs.getString(1))
            .whenComplete((v, e) -> failedAt.set(System.nanoTime()));
    awaitSleeping(1);
    long resetAt = System.nanoTime();
    proxy.resetAll();
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamCallException.class)
        .havingCause()
        .isInstanceOf(SqlStatementException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08006"))
        .withMessageContaining(SLEEP);
    double failedMs = (failedAt.get() - resetAt) / 1e6;
    assertThat(failedMs).as("at once, not at the deadline").isLessThan(1_000.0);
    await("worker back").atMost(WAIT).until(() -> lane.stats().running() == 0);
    long goneStart = System.nanoTime();
    awaitSleeping(0);
    double goneMs = (System.nanoTime() - goneStart) / 1e6;
    assertThat(backendOfTheProxiedPool()).isNotEqualTo(before);
    MEASURED.info(
        "PostgreSQL, connection reset mid-query: the call failed {} ms after the reset (08006);"
            + " the server dropped the statement {} ms after the worker returned",
        String.format("%.1f", failedMs),
        String.format("%.1f", goneMs));
  }

  @Test
  void backendTerminatedByTheServerFailsTheCallAtOnceAndThePoolRecovers() throws Exception {
    AtomicLong failedAt = new AtomicLong();
    CompletableFuture<Optional<String>> f =
        onProxy
            .withTimeout(WAIT)
            .queryOne(SLEEP, rs -> rs.getString(1))
            .whenComplete((v, e) -> failedAt.set(System.nanoTime()));
    awaitSleeping(1);
    long terminatedAt = System.nanoTime();
    assertThat(terminateSleepers()).isEqualTo(1);
    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SeamCallException.class)
        .havingCause()
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57P01"));
    double failedMs = (failedAt.get() - terminatedAt) / 1e6;
    await("worker back").atMost(WAIT).until(() -> lane.stats().running() == 0);
    for (int i = 0; i < 4; i++) { // more calls than connections: none gets the dead one
      assertThat(onProxy.queryOne("SELECT 42", JdbcTestBase::firstLong))
          .succeedsWithin(WAIT)
          .isEqualTo(Optional.of(42L));
    }
    MEASURED.info(
        "PostgreSQL, pg_terminate_backend mid-query: the call failed {} ms later (57P01)",
        String.format("%.1f", failedMs));
  }

  /**
   * What a restart looks like from the pool, without restarting the server that other test runs on
   * this machine share: under a closed-loop load, every session is terminated by the server (57P01,
   * as in a fast shutdown), new connections are refused for a while, then accepted again. No call
   * outlives its deadline by more than a small bound, every future completes, and the pool serves
   * again once the server is back.
   */
  @Test
  void serverGoingAwayUnderLoadEndsEveryCallByItsDeadlineAndThePoolRecovers() throws Exception {
    OutageLoad load = new OutageLoad(onProxy, 4);
    try {
      load.start();
      load.awaitSucceeded(50, WAIT);
      proxy.refuse();
      long terminated = terminateAll();
      load.awaitFailed(8, WAIT);
      long outageSucceeded = load.succeeded();
      proxy.forward();
      load.awaitSucceeded(outageSucceeded + 50, WAIT);
      load.stop();
      assertThat(load.completed()).as("every future completed").isEqualTo(load.submitted());
      assertThat(load.maxLatencyMillis())
          .as("no call outlived its deadline by more than the bound")
          .isLessThanOrEqualTo(DEADLINE.toMillis() + 700);
      await("workers back").atMost(WAIT).until(() -> lane.stats().running() == 0);
      MEASURED.info(
          "PostgreSQL outage under load (4 callers, {} sessions terminated, connections refused,"
              + " then back): {} calls, {} succeeded, failures by kind {}; slowest call {} ms"
              + " ({} ms deadline)",
          terminated,
          load.submitted(),
          load.succeeded(),
          load.failuresByKind(),
          load.maxLatencyMillis(),
          DEADLINE.toMillis());
    } finally {
      load.stop();
    }
  }

  /** The server session behind the proxied pool's next connection. */
  private long backendOfTheProxiedPool() {
    return onProxy
        .withTimeout(WAIT)
        .queryOne(db().sessionIdQuery(), JdbcTestBase::firstLong)
        .join()
        .orElseThrow();
  }

  /** Waits, through the direct pool, until the proxied pool's sessions run {@code n} sleeps. */
  private void awaitSleeping(int n) {
    await("sessions running " + SLEEP + ": " + n)
        .pollInterval(Duration.ofMillis(10))
        .atMost(WAIT)
        .until(() -> sleepers("COUNT(*)") == n);
  }

  private long terminateAll() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, Postgres.applicationName("proxied"));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long terminateSleepers() throws SQLException {
    return sleepers("COUNT(pg_terminate_backend(pid))");
  }

  private long sleepers(String select) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + select
                    + " FROM pg_stat_activity WHERE application_name = ? AND query = ?"
                    + " AND state = 'active'")) {
      ps.setString(1, Postgres.applicationName("proxied"));
      ps.setString(2, SLEEP);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
