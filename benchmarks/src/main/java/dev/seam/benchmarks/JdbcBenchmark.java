package dev.seam.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.jdbc.AsyncJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code AsyncJdbc} adds to a real JDBC round trip: H2 in memory, {@code SELECT 1}, a HikariCP
 * pool of two connections, done directly on the caller, by hand on two workers with a borrowed
 * connection, and through {@code AsyncJdbc.query} on a seam of two (defaults with a 1 s deadline,
 * and lean: no context, no call site). Subclasses fix the mode.
 */
@State(Scope.Benchmark)
public abstract class JdbcBenchmark {
  private static final String SQL = "SELECT 1";

  private HikariDataSource pool;
  private ThreadPoolExecutor raw;
  private Seam seamDefaults;
  private Seam seamLean;
  private AsyncJdbc jdbcDefaults;
  private AsyncJdbc jdbcLean;

  @Setup(Level.Trial)
  public void setUp() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(Executors2.WORKERS);
    config.setMinimumIdle(Executors2.WORKERS);
    config.setPoolName("bench");
    pool = new HikariDataSource(config);
    raw = Executors2.workers();
    seamDefaults =
        AsyncJdbc.seamFor("jdbc-defaults", pool)
            .maxQueued(Executors2.QUEUE)
            .timeout(OverheadBenchmark.TIMEOUT)
            .build();
    seamLean =
        AsyncJdbc.seamFor("jdbc-lean", pool)
            .maxQueued(Executors2.QUEUE)
            .timeout(OverheadBenchmark.TIMEOUT)
            .captureCallSite(false)
            .propagate()
            .build();
    jdbcDefaults = AsyncJdbc.builder(pool, seamDefaults).build();
    jdbcLean = AsyncJdbc.builder(pool, seamLean).build();
    Executors2.prestart(seamDefaults);
    Executors2.prestart(seamLean);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    jdbcDefaults.close();
    jdbcLean.close();
    seamDefaults.close();
    seamLean.close();
    raw.shutdown();
    raw.awaitTermination(10, TimeUnit.SECONDS);
    pool.close();
  }

  /** Floor: the caller borrows a connection and runs the query itself. */
  @Benchmark
  public Integer directSync() throws SQLException {
    return selectOne();
  }

  /** By hand: the same JDBC on two workers, with a deadline as every async variant has. */
  @Benchmark
  public Integer rawSupplyAsync() {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return selectOne();
              } catch (SQLException e) {
                throw new CompletionException(e);
              }
            },
            raw)
        .orTimeout(OverheadBenchmark.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }

  /**
   * The same JDBC by hand inside a plain {@code seam.call} on the defaults seam: what the seam
   * costs without {@code AsyncJdbc}'s statement tracking and query timeout.
   */
  @Benchmark
  public Integer seamCall() {
    return seamDefaults.call(this::selectOne).join();
  }

  /**
   * The same JDBC by hand inside a plain {@code seam.call} on the lean seam: the floor that {@link
   * #seamLean} adds {@code AsyncJdbc}'s tracking, query timeout and result list to.
   */
  @Benchmark
  public Integer seamCallLean() {
    return seamLean.call(this::selectOne).join();
  }

  /** {@code AsyncJdbc.query} on a seam built with the defaults. */
  @Benchmark
  public List<Integer> seamDefaults() {
    return jdbcDefaults.query(SQL, row -> row.getInt(1)).join();
  }

  /** {@code AsyncJdbc.query} on a seam without context or call site. */
  @Benchmark
  public List<Integer> seamLean() {
    return jdbcLean.query(SQL, row -> row.getInt(1)).join();
  }

  private Integer selectOne() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement statement = c.prepareStatement(SQL);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
