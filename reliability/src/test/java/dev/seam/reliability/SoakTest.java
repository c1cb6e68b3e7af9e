package dev.seam.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.SeamStats;
import dev.seam.testing.SeamLeakCheck;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mixed calls against H2, PostgreSQL (when reachable; required in CI) and a loopback HTTP server,
 * plus plain blocking work, with random deadlines, random cancels and injected faults, for {@code
 * -Dseam.soak.seconds} (30 in the build, 300 for the long form). The sequence of calls, deadlines,
 * faults and cancel delays comes from one seed, printed at the start and taken from {@code
 * -Dseam.soak.seed} when given; thread timing is not reproducible, the workload is.
 *
 * <p>At the end: every submitted future completed, once; each seam's own counts add up to what it
 * was given and none is still running; the heap after GC is within 10 % of where it was after the
 * warm-up; no query is still running on PostgreSQL; and {@link SeamLeakCheck} finds no seam thread,
 * MDC entry, leased connection or open HTTP exchange left.
 */
class SoakTest {
  private static final Logger log = LoggerFactory.getLogger(SoakTest.class);
  private static final int MAX_IN_FLIGHT = 64;

  /** Longer than every bounded hold-over: the JDBC abort bound (1 s here), socket closes. */
  private static final long SETTLE_SECONDS = 10;

  private static final List<JdbcTarget> POOLS = new ArrayList<>();
  private static FaultyHttpServer httpServer;

  @RegisterExtension
  final SeamLeakCheck leaks =
      SeamLeakCheck.create()
          .withResource(
              "leased JDBC connections",
              () -> POOLS.stream().mapToInt(JdbcTarget::activeConnections).sum())
          .withResource(
              "HTTP exchanges in progress",
              () -> httpServer == null ? 0 : httpServer.inProgress.get());

  private final List<SoakTarget> targets = new ArrayList<>();
  private final ScheduledThreadPoolExecutor canceller = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void closeAll() throws Exception {
    canceller.shutdownNow();
    for (SoakTarget t : targets) {
      t.close();
    }
    if (httpServer != null) {
      httpServer.close();
    }
    // Closed pools have no connections to lend; the leak check read them before closing.
    POOLS.clear();
    httpServer = null;
  }

  @Test
  void mixedCallsWithTimeoutsCancelsAndFaultsLoseNothingAndLeakNothing() throws Exception {
    long seed = seed();
    long seconds = Long.getLong("seam.soak.seconds", 30);
    log.info("soak seed {} for {} s (rerun with -Dseam.soak.seed={})", seed, seconds, seed);
    SplittableRandom random = new SplittableRandom(seed);
    SoakLedger ledger = new SoakLedger(MAX_IN_FLIGHT);
    canceller.setRemoveOnCancelPolicy(true);

    JdbcTarget h2 = new JdbcTarget("h2", h2Pool(), JdbcTarget.H2_SLOW);
    POOLS.add(h2);
    targets.add(h2);
    boolean withPostgres = PostgresServer.available();
    if (withPostgres) {
      JdbcTarget pg =
          new JdbcTarget(
              "postgres", PostgresServer.pool("soak-postgres", 4), JdbcTarget.POSTGRES_SLOW);
      POOLS.add(pg);
      targets.add(pg);
    }
    httpServer = new FaultyHttpServer();
    targets.add(new HttpTarget(httpServer));
    CoreTarget core = new CoreTarget(ledger);
    targets.add(core);

    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    // The start figure is taken once classes, JIT, pools and the H2 table have filled in.
    long warmUp = Math.min(TimeUnit.SECONDS.toNanos(10), (end - start) / 4);
    long heapStart = -1;
    long cancels = 0;
    while (System.nanoTime() < end) {
      if (heapStart < 0 && System.nanoTime() - start > warmUp) {
        heapStart = Heap.usedAfterGc();
      }
      assertThat(ledger.awaitRoom(10_000))
          .as("room for a new call within 10 s: futures stopped completing")
          .isTrue();
      SoakTarget target = targets.get(random.nextInt(targets.size()));
      CompletableFuture<?> f = ledger.track(target.next(random), true);
      if (random.nextInt(10) == 0) {
        cancels++;
        var unused =
            canceller.schedule(() -> f.cancel(true), random.nextInt(150), TimeUnit.MILLISECONDS);
      }
      if (random.nextInt(4) == 0) {
        LockSupport.parkNanos(random.nextInt(2_000_000)); // an uneven arrival rate
      }
    }
    assertThat(ledger.awaitAll(30_000)).as("every call completes after the soak").isTrue();
    awaitQuietly(() -> ledger.completed() == ledger.submitted(), 10_000);
    for (SoakTarget t : targets) {
      awaitQuietly(() -> settled(t.seam().stats()), 10_000);
    }
    // Settled, not instant: work abandoned by a cancel keeps what it holds for a bounded time
    // after its future completed (the JDBC abort bound, sockets closing), which is not growth.
    long settleStart = System.nanoTime();
    long heapEnd = Heap.usedAfterGc();
    while (heapEnd > heapStart + heapStart / 10
        && System.nanoTime() - settleStart < TimeUnit.SECONDS.toNanos(SETTLE_SECONDS)) {
      LockSupport.parkNanos(500_000_000);
      heapEnd = Heap.usedAfterGc();
    }
    long settleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - settleStart);

    log.info(
        "soak seed {}: {} s, {} calls submitted, {} completed, {} cancels sent, {} injected faults"
            + " survived; outcomes {}; cancel hooks run {} (twice: {}); heap after GC {} -> {}"
            + " (settled in {} ms); PostgreSQL {}",
        seed,
        seconds,
        ledger.submitted(),
        ledger.completed(),
        cancels,
        ledger.faults(),
        ledger.outcomes(),
        core.hooksRun.get(),
        core.hooksRunTwice.get(),
        Heap.mib(heapStart),
        Heap.mib(heapEnd),
        settleMillis,
        withPostgres ? "included" : "left out");
    for (SoakTarget t : targets) {
      log.info("soak {}: {}", t.name(), t.seam().stats());
    }

    assertThat(ledger.completed()).isEqualTo(ledger.submitted());
    assertThat(ledger.outcomes()).doesNotContainKey("closed");
    assertThat(ledger.outcomes().keySet()).noneMatch(k -> k.startsWith("unexpected"));
    assertThat(core.hooksRunTwice.get()).isZero();
    for (SoakTarget t : targets) {
      assertThat(settled(t.seam().stats())).as("%s: %s", t.name(), t.seam().stats()).isTrue();
    }
    if (withPostgres) {
      awaitQuietly(() -> PostgresServer.activeQueries() == 0, 10_000);
      assertThat(PostgresServer.activeQueries()).as("soak queries still running").isZero();
    }
    assertThat(heapEnd)
        .as("heap after GC at the end vs after the warm-up")
        .isLessThanOrEqualTo(heapStart + heapStart / 10);
  }

  /** Every call counted once, as one outcome, and none still holding a worker. */
  private static boolean settled(SeamStats s) {
    long outcomes = s.succeeded() + s.failed() + s.timedOut() + s.cancelled() + s.rejected();
    return s.running() == 0 && s.queued() == 0 && outcomes == s.submitted();
  }

  private static long seed() {
    String given = System.getProperty("seam.soak.seed");
    return given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given);
  }

  private static HikariDataSource h2Pool() {
    HikariConfig config = new HikariConfig();
    config.setPoolName("soak-h2");
    config.setJdbcUrl("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls a condition for up to {@code millis}; the assertions after it say what failed. */
  private static void awaitQuietly(Condition condition, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.holds() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000);
    }
  }
}
