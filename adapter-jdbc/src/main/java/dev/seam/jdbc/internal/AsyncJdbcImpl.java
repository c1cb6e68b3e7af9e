package dev.seam.jdbc.internal;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamClosedException;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.jdbc.ConnectionCallback;
import dev.seam.jdbc.ConnectionConsumer;
import dev.seam.jdbc.Isolation;
import dev.seam.jdbc.RowMapper;
import dev.seam.jdbc.TransactionCallback;
import dev.seam.jdbc.TransactionConsumer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AsyncJdbc} implementation: every method is one seam call that borrows a {@link Lease},
 * runs its work on the worker against the tracked connection, and closes the lease (returning the
 * connection) in a try-with-resources on the same worker.
 */
public final class AsyncJdbcImpl implements AsyncJdbc {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncJdbc.class);

  private final Seam seam;
  private final PoolContext pool;
  private final int fetchSize;
  private final AtomicBoolean closed;
  private final CallOptions options;

  // The options of the last call, described by its SQL: most code runs the same SQL constant again
  // and again, so the copy is made once rather than per call. A plain field: CallOptions is
  // immutable (final fields), so a thread that reads another's write sees a complete copy, and one
  // that misses it makes its own.
  private CallOptions lastDescribed;

  private AsyncJdbcImpl(
      Seam seam, PoolContext pool, int fetchSize, AtomicBoolean closed, CallOptions options) {
    this.seam = seam;
    this.pool = pool;
    this.fetchSize = fetchSize;
    this.closed = closed;
    this.options = options;
  }

  /**
   * Builds an instance; the builder has checked the arguments.
   *
   * @param dataSource the connections
   * @param seam the seam
   * @param fetchSize rows per fetch
   * @param abortAfter the bound before a cancelled call's connection is aborted
   * @return the instance
   */
  public static AsyncJdbc create(
      DataSource dataSource, Seam seam, int fetchSize, Duration abortAfter) {
    warnIfPoolSmallerThanSeam(dataSource, seam);
    // Interrupts are no JDBC cancel mechanism (H2 file stores close, pgjdbc connections die).
    CallOptions noInterrupt = CallOptions.defaults().withInterruptOnCancel(false);
    return new AsyncJdbcImpl(
        seam,
        new PoolContext(dataSource, abortAfter, new QueryTimeouts.Scope()),
        fetchSize,
        new AtomicBoolean(),
        noInterrupt);
  }

  private static void warnIfPoolSmallerThanSeam(DataSource dataSource, Seam seam) {
    OptionalInt poolSize = Pools.maximumPoolSize(dataSource);
    int concurrency = seam.stats().maxConcurrency();
    if (poolSize.isPresent() && concurrency > poolSize.getAsInt()) {
      LOG.warn(
          "seam '{}' allows {} concurrent calls but its pool has only {} connections: the extra"
              + " calls hold a worker while they wait for a connection; size the seam with"
              + " AsyncJdbc.seamFor(name, pool)",
          seam.name(),
          concurrency,
          poolSize.getAsInt());
    }
  }

  @Override
  public AsyncJdbc withTimeout(Duration timeout) {
    return new AsyncJdbcImpl(seam, pool, fetchSize, closed, options.withTimeout(timeout));
  }

  @Override
  public <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params) {
    return submit(
        sql, params, mapper, (c, lease) -> Statements.query(c, sql, mapper, params, fetchSize));
  }

  @Override
  public <T> CompletableFuture<Optional<T>> queryOne(
      String sql, RowMapper<T> mapper, Object... params) {
    return submit(sql, params, mapper, (c, lease) -> Statements.queryOne(c, sql, mapper, params));
  }

  @Override
  public CompletableFuture<Integer> update(String sql, Object... params) {
    return submit(sql, params, "", (c, lease) -> Statements.update(c, sql, params));
  }

  @Override
  public CompletableFuture<int[]> batch(String sql, List<Object[]> rows) {
    return submit(
        sql,
        rows == null ? null : new Object[0],
        "",
        (c, lease) -> {
          c.setAutoCommit(false); // one transaction, so a failed batch leaves nothing behind
          int[] counts = Statements.batch(c, sql, rows);
          Transactions.commitUnlessCancelled(c, lease);
          return counts;
        });
  }

  @Override
  public <K> CompletableFuture<List<K>> insert(
      String sql, RowMapper<K> keyMapper, Object... params) {
    return submit(
        sql, params, keyMapper, (c, lease) -> Statements.insert(c, sql, keyMapper, params));
  }

  @Override
  public <T> CompletableFuture<T> withConnection(ConnectionCallback<T> callback) {
    return submit("", new Object[0], callback, (c, lease) -> callback.withConnection(c));
  }

  @Override
  public CompletableFuture<Void> useConnection(ConnectionConsumer consumer) {
    return submit(
        "",
        new Object[0],
        consumer,
        (c, lease) -> {
          consumer.useConnection(c);
          return null;
        });
  }

  @Override
  public <T> CompletableFuture<T> withConnection(
      String description, ConnectionCallback<T> callback) {
    if (description == null) {
      return CompletableFuture.failedFuture(new NullPointerException("description"));
    }
    return submit(description, new Object[0], callback, (c, lease) -> callback.withConnection(c));
  }

  @Override
  public CompletableFuture<Void> useConnection(String description, ConnectionConsumer consumer) {
    if (description == null) {
      return CompletableFuture.failedFuture(new NullPointerException("description"));
    }
    return submit(
        description,
        new Object[0],
        consumer,
        (c, lease) -> {
          consumer.useConnection(c);
          return null;
        });
  }

  @Override
  public <T> CompletableFuture<T> inTransaction(TransactionCallback<T> callback) {
    return transaction(null, callback);
  }

  @Override
  public <T> CompletableFuture<T> inTransaction(
      Isolation isolation, TransactionCallback<T> callback) {
    if (isolation == null) {
      return CompletableFuture.failedFuture(new NullPointerException("isolation"));
    }
    return transaction(isolation, callback);
  }

  @Override
  public CompletableFuture<Void> useTransaction(TransactionConsumer consumer) {
    return useTransaction(null, consumer, false);
  }

  @Override
  public CompletableFuture<Void> useTransaction(Isolation isolation, TransactionConsumer consumer) {
    return useTransaction(isolation, consumer, true);
  }

  private CompletableFuture<Void> useTransaction(
      Isolation isolation, TransactionConsumer consumer, boolean isolationRequired) {
    if (isolationRequired && isolation == null) {
      return CompletableFuture.failedFuture(new NullPointerException("isolation"));
    }
    if (consumer == null) {
      return CompletableFuture.failedFuture(new NullPointerException("consumer"));
    }
    return transaction(
        isolation,
        tx -> {
          consumer.useTransaction(tx);
          return null;
        });
  }

  private <T> CompletableFuture<T> transaction(
      Isolation isolation, TransactionCallback<T> callback) {
    return submit(
        "",
        new Object[0],
        callback,
        (c, lease) -> Transactions.run(c, lease, isolation, callback, fetchSize));
  }

  @Override
  public <T> Flow.Publisher<T> stream(String sql, RowMapper<T> mapper, Object... params) {
    return new RowPublisher<>(this, sql, mapper, params, fetchSize);
  }

  @Override
  public Seam seam() {
    return seam;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  /** Work on a borrowed, tracked connection, on the worker. */
  @FunctionalInterface
  interface LeaseWork<T> {
    T run(Connection tracked, Lease lease) throws Exception;
  }

  /**
   * Checks the arguments and the closed state (failing the future, never throwing), then runs the
   * work as one seam call with a lease borrowed and closed on the worker. {@code sql} names the
   * call: the SQL this class runs, a caller's description, or "" for none.
   */
  <T> CompletableFuture<T> submit(String sql, Object[] params, Object work, LeaseWork<T> body) {
    RuntimeException bad = checkArguments(sql, params, work);
    if (bad != null) {
      return CompletableFuture.failedFuture(bad);
    }
    // The SQL text (never the parameters) names the call in timeout and failure messages.
    CallOptions described = sql.isEmpty() ? options : describedBy(sql);
    return seam.call(
        described,
        call -> {
          // Owned by the try as soon as borrow() returns: whatever throws after it (the call's
          // context included), the connection goes back (J2). After a commit the call stays in its
          // uncancellable region until it returns (see Transactions.commitUnlessCancelled), so
          // nothing from here to the return may fail: expire() and close() never throw.
          try (Lease lease = Lease.borrow(pool, call)) {
            if (call.isCancelled()) {
              return null; // the caller gave up while we waited for the pool: run nothing
            }
            TrackingConnection tracked = new TrackingConnection(lease);
            try {
              return body.run(tracked, lease);
            } finally {
              tracked.expire(); // before the connection goes back, so user code cannot reach it
            }
          }
        });
  }

  private CallOptions describedBy(String sql) {
    CallOptions last = lastDescribed;
    // equals tries identity first, and SQL constants are the same instance: a hit costs nothing.
    if (last != null && sql.equals(last.descriptionOrNull())) {
      return last;
    }
    CallOptions described = options.withDescription(sql);
    lastDescribed = described;
    return described;
  }

  private RuntimeException checkArguments(String sql, Object[] params, Object work) {
    if (closed.get()) {
      return new SeamClosedException(
          seam.name(), "AsyncJdbc on seam '" + seam.name() + "' is closed");
    }
    if (sql == null) {
      return new NullPointerException("sql");
    }
    if (params == null) {
      return new NullPointerException("params (pass no parameters, not a null array)");
    }
    if (work == null) {
      return new NullPointerException("mapper or callback");
    }
    return null;
  }
}
