package dev.seam.jdbc;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.jdbc.internal.Pools;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import javax.sql.DataSource;

/**
 * JDBC over any {@link DataSource}, run on a {@link Seam}: each method borrows a connection on a
 * seam worker, does its work there and returns the connection, and hands back a future.
 *
 * <h2>Cancellation and deadlines</h2>
 *
 * When a call's deadline passes or its future is cancelled, the future completes at once; then, on
 * a seam cancel thread, {@link java.sql.Statement#cancel()} runs on every statement the call still
 * has open (including statements that legacy code created on the connection handed to {@link
 * #withConnection}). The worker then rolls back and returns the connection to the pool; because a
 * cancel can arrive after the statement finished and hit the next one (PostgreSQL sends it over a
 * separate connection), a connection that received a cancel is evicted from the pool rather than
 * reused. If the worker has not returned the connection {@linkplain AsyncJdbcBuilder#abortAfter
 * within a bound} after the cancel, the connection is {@linkplain java.sql.Connection#abort
 * aborted}; if the worker still holds it as long again (H2's abort does nothing to a running
 * statement), a warning says so and the connection is evicted when it comes back. Workers are never
 * interrupted: an interrupt closes an H2 file store and kills pgjdbc connections, so every call
 * runs with {@code interruptOnCancel(false)} whatever the seam's setting. The time left until the
 * deadline becomes each statement's {@link java.sql.Statement#setQueryTimeout query timeout}
 * (rounded up to whole seconds, at least one, at most about 24.8 days), a server-side backstop. It
 * is sent only when the new statement does not have that many seconds already: on H2 the query
 * timeout is a session setting, and setting it empties the parsed-query cache, so a call sets it
 * once and puts the session's own value back when it returns the connection. A connection goes back
 * to the pool as it came: what the call changed through the handed-out connection (auto-commit,
 * read-only, isolation, catalog, schema, holdability, network timeout) is restored first, or the
 * connection is evicted with a warning; changes made through SQL or on the driver's own connection
 * from {@code unwrap} are not seen. A timeout your code sets on a statement holds for that
 * statement; the next statement gets the deadline again. A commit is never cut short: see {@link
 * #inTransaction(TransactionCallback)} for what a deadline or a cancel during the commit does.
 *
 * <h2>Failures</h2>
 *
 * Futures fail as the seam's do ({@link dev.seam.SeamCallException} with the original as cause,
 * {@link dev.seam.SeamTimeoutException}, ...). For the SQL this class runs itself, the cause is a
 * {@link SqlStatementException} carrying the SQLState and the SQL text (never parameter values),
 * whose cause is the driver's exception. Bad arguments (null SQL, a null mapper) and calls on a
 * closed instance fail the future; no method throws.
 *
 * <h2>Threads</h2>
 *
 * Implementations are thread-safe. Callbacks, mappers and stream subscribers' {@code onNext} run on
 * seam workers; J1 holds: a connection and its transaction stay on one worker for the whole call.
 *
 * @since 0.1
 */
public interface AsyncJdbc extends AutoCloseable {

  /**
   * Starts building an {@code AsyncJdbc}. Logs a warning if the seam allows more concurrent calls
   * than the pool has connections (known for HikariCP pools).
   *
   * @param dataSource where connections come from, usually a pool; not closed by this class
   * @param seam the seam the calls run on; not closed by this class
   * @return a builder
   */
  static AsyncJdbcBuilder builder(DataSource dataSource, Seam seam) {
    return new AsyncJdbcBuilder(dataSource, seam);
  }

  /**
   * A seam builder sized for a pool: {@code maxConcurrency} is the pool's maximum size, so no call
   * waits for a connection while holding a worker, and interrupts are off.
   *
   * @param name the seam's name
   * @param pool a HikariCP {@code HikariDataSource} (or a wrapper of one)
   * @return a builder to finish (timeout, queue) and build
   * @throws IllegalArgumentException if the pool's size cannot be read, naming its class
   */
  static SeamBuilder seamFor(String name, DataSource pool) {
    int size = Pools.maximumPoolSize(pool).orElseThrow(() -> Pools.unknownSize(pool));
    return Seam.builder(name).maxConcurrency(size).interruptOnCancel(false);
  }

  /**
   * A view whose calls have this deadline instead of the seam's default. Shares the seam, the pool
   * and the closed state.
   *
   * @param timeout positive, counted from each call's submission
   * @return the view
   * @throws IllegalArgumentException if the timeout is not positive
   */
  AsyncJdbc withTimeout(Duration timeout);

  /**
   * Runs a query and maps every row.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param mapper maps one row, on the worker
   * @param params bound in order with {@code setObject}
   * @param <T> the row type
   * @return the rows
   */
  <T> CompletableFuture<List<T>> query(String sql, RowMapper<T> mapper, Object... params);

  /**
   * Runs a query that returns at most one row; more than one fails the future with an {@link
   * IllegalStateException} naming the SQL.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param mapper maps the row, on the worker
   * @param params bound in order
   * @param <T> the row type
   * @return the row, or empty
   */
  <T> CompletableFuture<Optional<T>> queryOne(String sql, RowMapper<T> mapper, Object... params);

  /**
   * Runs an INSERT, UPDATE, DELETE or DDL statement.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param params bound in order
   * @return the row count
   */
  CompletableFuture<Integer> update(String sql, Object... params);

  /**
   * Runs one statement once per parameter row, as a JDBC batch, in one transaction. Commits, and
   * reports the commit, as {@link #inTransaction(TransactionCallback)} does.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param rows one parameter array per execution
   * @return the driver's update counts, one per row
   */
  CompletableFuture<int[]> batch(String sql, List<Object[]> rows);

  /**
   * Runs an INSERT and returns the keys the database generated.
   *
   * @param sql the INSERT, with {@code ?} placeholders
   * @param keyMapper maps one row of {@link java.sql.Statement#getGeneratedKeys()}
   * @param params bound in order
   * @param <K> the key type
   * @return the generated keys, one per inserted row
   */
  <K> CompletableFuture<List<K>> insert(String sql, RowMapper<K> keyMapper, Object... params);

  /**
   * Runs existing JDBC code on a worker with a borrowed connection: the way to wrap a legacy DAO.
   * Statements it creates are tracked so that cancellation reaches them and get the remaining
   * deadline as their query timeout. The connection keeps the pool's auto-commit setting; if the
   * code turns auto-commit off and does not commit, the work is rolled back. A statement's {@code
   * getConnection()} returns the tracked connection; {@code unwrap} reaches the pool's or driver's
   * own, whose statements Seam does not track.
   *
   * @param callback the code
   * @param <T> the result type
   * @return the callback's result
   */
  <T> CompletableFuture<T> withConnection(ConnectionCallback<T> callback);

  /**
   * Like {@link #withConnection} for code without a result.
   *
   * @param consumer the code
   * @return completes when the code returned
   */
  CompletableFuture<Void> useConnection(ConnectionConsumer consumer);

  /**
   * Like {@link #withConnection(ConnectionCallback)}, with a description that names the call in its
   * failures, its events and the log, as {@link dev.seam.CallOptions#withDescription} does ({@code
   * "OrderDao.findOpen"}). Whatever the description, a deadline that passes while a statement runs
   * also names that statement's SQL (never its parameters).
   *
   * @param description what the code does; not null
   * @param callback the code
   * @param <T> the result type
   * @return the callback's result; fails with {@link NullPointerException} for a null description
   * @since 0.1
   */
  <T> CompletableFuture<T> withConnection(String description, ConnectionCallback<T> callback);

  /**
   * Like {@link #useConnection(ConnectionConsumer)}, with a description that names the call (see
   * {@link #withConnection(String, ConnectionCallback)}).
   *
   * @param description what the code does; not null
   * @param consumer the code
   * @return completes when the code returned; fails with {@link NullPointerException} for a null
   *     description
   * @since 0.1
   */
  CompletableFuture<Void> useConnection(String description, ConnectionConsumer consumer);

  /**
   * Runs work in one transaction at the connection's default isolation: commit when the callback
   * returns, rollback when it throws, times out or is cancelled.
   *
   * <p>The future never says "timed out" for a transaction that committed. If the deadline passed
   * before the commit began, the transaction is rolled back and the future fails with {@link
   * dev.seam.SeamTimeoutException}. From the moment the commit begins until the call returns, the
   * call is in an {@linkplain dev.seam.CallContext#uncancellable uncancellable region}: a deadline
   * that passes meanwhile is deferred, and the future completes with the commit's outcome, the
   * result or the commit's own failure. The deadline therefore does not cut a commit short (no
   * query timeout applies to {@code commit()} either): a commit that hangs keeps the future pending
   * until the driver returns. A {@code cancel(...)} during the commit still completes the future at
   * once with a {@link java.util.concurrent.CancellationException}, but does not stop the commit:
   * the transaction may still commit.
   *
   * @param callback the work
   * @param <T> the result type
   * @return the callback's result, after the commit
   */
  <T> CompletableFuture<T> inTransaction(TransactionCallback<T> callback);

  /**
   * Runs work in one transaction at the given isolation level, restored afterwards. Commits, and
   * reports the commit, as {@link #inTransaction(TransactionCallback)} does; a level that cannot be
   * restored after the commit does not fail the call (the connection is evicted instead).
   *
   * @param isolation the level
   * @param callback the work
   * @param <T> the result type
   * @return the callback's result, after the commit
   */
  <T> CompletableFuture<T> inTransaction(Isolation isolation, TransactionCallback<T> callback);

  /**
   * Like {@link #inTransaction(TransactionCallback)} for work without a result, with the same
   * guarantee: never "timed out" for a transaction that committed.
   *
   * @param consumer the work
   * @return completes after the commit
   */
  CompletableFuture<Void> useTransaction(TransactionConsumer consumer);

  /**
   * Like {@link #inTransaction(Isolation, TransactionCallback)} for work without a result, with the
   * same guarantee: never "timed out" for a transaction that committed.
   *
   * @param isolation the level
   * @param consumer the work
   * @return completes after the commit
   */
  CompletableFuture<Void> useTransaction(Isolation isolation, TransactionConsumer consumer);

  /**
   * Streams a query's rows. A cold publisher: each subscription runs the query once, as one seam
   * call that holds a worker and a connection until the last row, an error, or cancellation, so the
   * whole stream must finish within the call's deadline. Rows are read only as the subscriber
   * requests them; the driver holds about one {@linkplain AsyncJdbcBuilder#fetchSize fetch size} of
   * rows (auto-commit is turned off for the stream, which PostgreSQL needs to use a cursor). {@code
   * onNext}, {@code onComplete} and {@code onError} are serialized and normally run on the worker;
   * {@code onError} may run on the seam's timer thread when the deadline passes. Cancelling the
   * subscription stops reading, cancels the statement if it is fetching, and returns the
   * connection.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param mapper maps one row, on the worker
   * @param params bound in order
   * @param <T> the row type
   * @return the publisher
   */
  <T> Flow.Publisher<T> stream(String sql, RowMapper<T> mapper, Object... params);

  /**
   * The seam the calls run on.
   *
   * @return the seam
   */
  Seam seam();

  /**
   * Stops admission: later calls (on this instance and its views) fail with {@link
   * dev.seam.SeamClosedException}. Calls already submitted go on; close the seam to stop them.
   * Closes neither the seam nor the data source. Idempotent.
   */
  @Override
  void close();
}
