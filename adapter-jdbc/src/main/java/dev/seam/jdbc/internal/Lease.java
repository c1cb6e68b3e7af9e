package dev.seam.jdbc.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import dev.seam.internal.CallActivity;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's borrowed connection: the statements it has open, the cancel hook that reaches them,
 * and the return of the connection to the pool.
 *
 * <p>The worker borrows, uses and closes (releases); the cancel hook runs on a seam cancel thread.
 * The lease's monitor orders the two: a cancel that arrives after release does nothing (the
 * connection may already serve another call), and a release after a cancel was sent evicts the
 * connection, so a late cancel can never land on somebody else's statement.
 */
final class Lease implements CancelHook, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  /** The first re-send of a cancel to a statement still inside execute; doubles each time. */
  private static final long REAPPLY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final PoolContext pool;
  private final CallContext call;
  private final Connection connection;

  // Set by borrow() before the lease is handed out; read by close(). Both on the worker.
  private CallContext.Registration registration;

  // Worker only: the uncancellable region a legacy DAO's own commit opened. Kept open until the
  // call's next execute (or its end), so a deadline that passes during the commit can never tell
  // the caller "timed out" for work the database committed (see beginCommit).
  private CallContext.Region commitRegion;

  // Worker only: what the call changed on the connection, so it goes back as it came (J7). The
  // query timeout apart, since Seam sets it on every statement: -1 until a statement was tracked.
  private ConnectionState state;
  private int queryTimeoutBefore = -1;
  private int queryTimeoutLastSet = -1;

  // Guarded by the lease's monitor, as is each statement's GuardedStatement.executing. The monitor
  // is private in effect: the class is internal, and the seam keeps the lease only as a CancelHook
  // and never locks it; a lock object of its own would cost every call an allocation.
  // The open statements: the first apart, since most calls open one, and the rest once there are.
  private GuardedStatement first;
  private List<GuardedStatement> more;
  private int executing; // the sum of open statements' executing counts
  private boolean released;
  private boolean cancelled;
  private boolean cancelSending; // a cancel is inside the driver's cancel() now
  private long cancelSendingSince; // System.nanoTime() when that cancel() began
  private ScheduledFuture<?> abortTask;
  private ScheduledFuture<?> reapplyTask;
  private boolean inDoubt;
  private boolean aborted;

  private Lease(PoolContext pool, CallContext call, Connection connection) {
    this.pool = pool;
    this.call = call;
    this.connection = connection;
  }

  /**
   * Borrows a connection on the worker and registers the cancel hook. Own the result with
   * try-with-resources at once: from the moment this returns, only {@link #close()} gives the
   * connection back.
   */
  static Lease borrow(PoolContext pool, CallContext call) throws SQLException {
    Connection c;
    // Its own phase, so a deadline that passes here reads "waiting for a pool connection", not as
    // a slow query that never ran.
    // Said until the first statement starts: a deadline here must not send anyone hunting for a
    // slow query (a query's own name may still be the SQL it was going to run).
    CallActivity.note(call, "no statement ran");
    try (CallContext.Waiting w = call.waitingFor("a pool connection")) {
      c = pool.dataSource().getConnection();
    }
    Lease lease = null;
    try {
      lease = new Lease(pool, call, c);
      lease.registration = call.onCancel(lease);
      return lease;
    } catch (RuntimeException | Error e) {
      // Nobody owns the lease yet, so nobody else would return the connection. A closing seam may
      // refuse the hook; the connection ran nothing, so it goes back to the pool as it is.
      if (lease != null) {
        lease.markReleased(); // a hook that got registered after all must not touch it any more
      }
      try {
        c.close();
      } catch (SQLException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void markReleased() {
    synchronized (this) {
      released = true;
    }
  }

  /** The borrowed connection itself, for the adapter's own statements. */
  Connection connection() {
    return connection;
  }

  CallContext call() {
    return call;
  }

  /**
   * Tracks a new statement and gives it the remaining deadline as its query timeout (J3), unless it
   * has that timeout already. Fails if the call was already cancelled, so legacy code stops at its
   * next statement.
   */
  <S extends GuardedStatement> S track(S statement) throws SQLException {
    boolean refused;
    synchronized (this) {
      refused = cancelled;
      if (!refused) {
        add(statement);
      }
    }
    if (refused) {
      statement.driverStatement().close(); // outside the monitor, as every driver call
      throw new SQLException(
          "seam '" + call.seamName() + "' call was cancelled; no new statements", "HY008");
    }
    int seconds = QueryTimeouts.seconds(call.remainingNanos());
    int had = QueryTimeouts.apply(statement.driverStatement(), seconds);
    if (queryTimeoutBefore < 0) {
      queryTimeoutBefore = had; // the first statement shows the session's own value (H2)
    }
    queryTimeoutLastSet = seconds;
    return statement;
  }

  /**
   * Called on the worker when user code sets a statement's query timeout, which on H2 changes the
   * session's: put back when the connection goes back.
   */
  void queryTimeoutSet(int seconds) {
    queryTimeoutLastSet = seconds;
  }

  /**
   * What the call changed on the connection through the tracking connection; the setters save the
   * original value before they change it. Worker only.
   */
  ConnectionState state() {
    if (state == null) {
      state = new ConnectionState();
    }
    return state;
  }

  /**
   * Called by {@link GuardedStatement} on the worker before a statement executes: refuses once the
   * cancel hook has run, so a cancel that reached the statement while it was idle (and that the
   * driver dropped) is not lost; otherwise notes the statement as executing, so a cancel from now
   * on is re-sent until the driver takes it. Asks the hook, not {@link CallContext#isCancelled()}:
   * inside an uncancellable region the hook waits, and so must this refusal (C11).
   */
  void beforeExecute(GuardedStatement statement) throws SQLException {
    beforeExecute(statement, statement.sql);
  }

  /**
   * As above, for a statement that runs {@code sql} (never its parameters), which a deadline
   * passing while it runs names; null if unknown.
   */
  void beforeExecute(GuardedStatement statement, String sql) throws SQLException {
    boolean lateAfterCommit = commitRegion != null && endCommitRegion();
    synchronized (this) {
      if (cancelled || lateAfterCommit) {
        throw new SQLException(
            "seam '"
                + call.seamName()
                + "' call was cancelled before the statement executed; it did not run",
            "HY008");
      }
      statement.executing++;
      executing++;
    }
    CallActivity.began(call, "statement", sql);
  }

  /**
   * Called on the worker before user code commits ({@code commit()}, or {@code setAutoCommit(true)}
   * with a transaction open): the rule of {@code inTransaction} (C11) for a legacy DAO that manages
   * its own transaction. A commit that starts after the call was cancelled or timed out is refused
   * and the transaction rolled back, since the caller has been told the call failed. One that
   * starts before runs inside an uncancellable region, which stays open until the call's next
   * execute or its end: closing it as soon as the commit returned would let a deadline that passed
   * during the commit fail the call as "timed out" with its work committed.
   *
   * @param what the method, for the refusal's message
   * @throws SQLException SQLState 40000 if the call was already cancelled; rolled back
   */
  void beginCommit(String what) throws SQLException {
    if (commitRegion != null) {
      return; // nothing executed since the last commit, so nothing new to commit
    }
    CallContext.Region region = call.uncancellable();
    if (call.isCancelled()) {
      region.close();
      SQLException refused =
          new SQLException(
              "seam '"
                  + call.seamName()
                  + "' call was cancelled or timed out before "
                  + what
                  + "; rolled back, nothing committed",
              "40000");
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException e) {
        refused.addSuppressed(e);
        evictOnClose(); // the release rolls back again, or gives up the connection
      }
      throw refused;
    }
    commitRegion = region;
  }

  /**
   * Ends the region a commit opened; a deadline it deferred takes effect now.
   *
   * @return whether the call is cancelled now, so the execute that follows must be refused
   */
  private boolean endCommitRegion() {
    CallContext.Region region = commitRegion;
    commitRegion = null;
    region.close();
    return call.isCancelled();
  }

  /** Called by {@link GuardedStatement} on the worker when a statement's execute returned. */
  void afterExecute(GuardedStatement statement) {
    afterExecute(statement, statement.sql);
  }

  /** As above, for a statement that ran {@code sql}. */
  void afterExecute(GuardedStatement statement, String sql) {
    synchronized (this) {
      statement.executing--;
      executing--;
    }
    CallActivity.ended(call, "statement", sql);
  }

  /** The cancel hook: cancels every open statement, then arms the abort bound. */
  @Override
  public void cancel() {
    List<Statement> toCancel = new ArrayList<>();
    boolean reapply;
    synchronized (this) {
      if (released || cancelled) {
        return; // once: a row stream's own cancel and the call's hook may both come
      }
      cancelled = true;
      // No driver method here, under the lease's monitor: a driver that makes it wait for the
      // running statement (MySQL Connector/J's isClosed) would hold the cancel and the abort.
      for (GuardedStatement s : open()) {
        if (!s.closed) {
          toCancel.add(s.driverStatement());
        }
      }
      // The connection may still receive the cancel after its statement finished: never reuse it.
      inDoubt = !toCancel.isEmpty();
      reapply = executing > 0;
      cancelSending = inDoubt;
      cancelSendingSince = System.nanoTime();
    }
    // Armed first: a driver's cancel() may itself block until the statement ends.
    schedule(this::abortIfStillHeld, pool.abortAfter().toNanos(), true);
    if (toCancel.isEmpty()) {
      LOG.debug(
          "seam '{}': call cancelled with no statement open; a later execute is refused",
          call.seamName());
    }
    try {
      toCancel.forEach(this::cancelQuietly);
    } finally {
      synchronized (this) {
        cancelSending = false;
      }
    }
    if (reapply) {
      reapplyAfter(REAPPLY_FIRST_NANOS);
    }
  }

  private void reapplyAfter(long delayNanos) {
    schedule(() -> reapply(delayNanos), delayNanos, false);
  }

  /** Schedules follow-up work on the shared scheduler, unless the connection went back already. */
  private void schedule(Runnable task, long delayNanos, boolean abort) {
    synchronized (this) {
      if (released) {
        return;
      }
      ScheduledFuture<?> f =
          CancelScheduler.shared().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      if (abort) {
        abortTask = f;
      } else {
        reapplyTask = f;
      }
    }
  }

  /**
   * A statement that had entered {@code execute} when the cancel came may not have reached the
   * driver's "running" state yet, and the driver then drops the cancel. So while a statement of the
   * cancelled call is still inside {@code execute}, the cancel is sent again at doubling intervals,
   * until it returns, the connection goes back or is aborted. A second cancel of a statement the
   * driver already cancels does nothing (pgjdbc, H2).
   */
  private void reapply(long delayNanos) {
    List<Statement> again;
    synchronized (this) {
      if (released || aborted || executing == 0) {
        return;
      }
      again = new ArrayList<>();
      if (!cancelSending) { // a cancel that blocks is not piled onto, nor given a second thread
        for (GuardedStatement s : open()) {
          if (s.executing > 0) {
            again.add(s.driverStatement());
          }
        }
        cancelSending = !again.isEmpty();
        cancelSendingSince = System.nanoTime();
      }
    }
    try {
      again.forEach(this::cancelQuietly);
    } finally {
      if (!again.isEmpty()) {
        synchronized (this) {
          cancelSending = false;
        }
      }
    }
    long next = delayNanos * 2;
    if (next < pool.abortAfter().toNanos()) {
      reapplyAfter(next);
    }
  }

  private void cancelQuietly(Statement s) {
    try {
      s.cancel();
      // Says the cancel reached the driver; whether the server stopped is the driver's to tell.
      LOG.debug("seam '{}': Statement.cancel() sent to the driver for {}", call.seamName(), s);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("seam '{}': Statement.cancel() failed", call.seamName(), e);
    }
  }

  /**
   * The backstop, on a scheduler thread once the abort bound passed: the worker still holds the
   * connection, so the cancel was not heard. Says why when it can tell: a {@code cancel()} that has
   * not returned means the driver, or a pool or proxy around it, serialises {@code cancel()} behind
   * the running statement (sending it again would only queue behind it). Then aborts the
   * connection, and checks after as long again that the abort freed the worker (see {@link
   * #checkAborted}).
   */
  private void abortIfStillHeld() {
    boolean cancelStuck;
    long stuckNanos;
    synchronized (this) {
      if (released) {
        return;
      }
      aborted = true; // from now on the connection is never reused: evicted when it comes back
      cancelStuck = cancelSending;
      stuckNanos = System.nanoTime() - cancelSendingSince;
    }
    if (cancelStuck) {
      LOG.warn(
          "seam '{}': Statement.cancel() has not returned after {} ms: the driver, or a pool or"
              + " proxy around it, holds cancel() until the running statement ends; the cancelled"
              + " call did not return its connection within {}; aborting it",
          call.seamName(),
          TimeUnit.NANOSECONDS.toMillis(stuckNanos),
          pool.abortAfter());
    } else {
      LOG.warn(
          "seam '{}': the cancelled call did not return its connection within {}; aborting it",
          call.seamName(),
          pool.abortAfter());
    }
    try {
      connection.abort(CancelScheduler.shared());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("seam '{}': Connection.abort failed", call.seamName(), e);
    }
    schedule(this::checkAborted, pool.abortAfter().toNanos(), true);
  }

  /**
   * The backstop's last word: the worker is still inside the driver as long again after the abort.
   * Network drivers (pgjdbc, MariaDB and MySQL Connector/J) close the socket on abort, and the
   * running statement fails at once; H2's {@code abort} does nothing, and a statement deaf to
   * cancel runs on. Nothing more can stop it without an interrupt, which would break the connection
   * or an H2 file store for everyone, so this says so: the connection never serves another call
   * (the pool evicts it when the worker gives it back), and the call stays counted as abandoned in
   * the seam's stats, its permit held, until the driver returns.
   */
  private void checkAborted() {
    synchronized (this) {
      if (released) {
        return;
      }
    }
    LOG.warn(
        "seam '{}': Connection.abort() did not free the worker within {}: the driver ({}) does not"
            + " stop a running statement when its connection is aborted; the connection is"
            + " evicted, never reused, and the call stays abandoned (its permit held) until the"
            + " driver returns",
        call.seamName(),
        pool.abortAfter(),
        driverConnectionClass());
  }

  /** The driver's connection class, for the log; a pool's proxy unwraps to it without locking. */
  private String driverConnectionClass() {
    try {
      return connection.unwrap(Connection.class).getClass().getName();
    } catch (SQLException | RuntimeException e) {
      return connection.getClass().getName();
    }
  }

  /**
   * Marks the connection so that {@link #close()} evicts it instead of returning it to the pool:
   * for state the worker could not restore.
   */
  void evictOnClose() {
    synchronized (this) {
      inDoubt = true;
    }
  }

  /**
   * Returns the connection on the worker: rolls back what was not committed and restores
   * auto-commit, or evicts the connection if its state is in doubt. Never throws.
   */
  @Override
  public void close() {
    try {
      registration.close();
    } catch (RuntimeException e) {
      // A hook that is still registered finds the lease released and does nothing; the connection
      // must go back whatever the call's context did.
      LOG.debug("seam '{}': dropping the cancel hook failed", call.seamName(), e);
    }
    boolean evict;
    synchronized (this) {
      released = true;
      evict = inDoubt || aborted;
      // Pending follow-ups would find the lease released and do nothing: drop them now, so the
      // shared scheduler's threads can idle out.
      if (abortTask != null) {
        abortTask.cancel(false);
      }
      if (reapplyTask != null) {
        reapplyTask.cancel(false);
      }
      first = null;
      more = null;
      executing = 0;
    }
    if (!evict) {
      evict = !resetQuietly();
    }
    if (evict && evictQuietly()) {
      return; // the pool closes it; closing it here as well would return it
    }
    if (evict) {
      abortQuietly(); // no pool eviction: make sure nobody reuses it
    }
    try {
      connection.close(); // even after a failed abort: a pool must get its connection back
    } catch (SQLException | RuntimeException e) {
      LOG.debug("seam '{}': closing the connection failed", call.seamName(), e);
    }
  }

  private boolean evictQuietly() {
    try {
      return Pools.evict(pool.dataSource(), connection);
    } catch (RuntimeException e) {
      LOG.debug("seam '{}': the pool refused to evict the connection", call.seamName(), e);
      return false;
    }
  }

  private void abortQuietly() {
    try {
      if (!connection.isClosed()) {
        connection.abort(CancelScheduler.shared());
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("seam '{}': aborting the connection failed; closing it", call.seamName(), e);
    }
  }

  /**
   * Rolls back what was not committed and puts back what the call changed (J7), on the worker.
   *
   * @return false if the connection must be evicted instead: its state could not be restored
   */
  private boolean resetQuietly() {
    String what = "the open transaction";
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      what = "the query timeout";
      if (queryTimeoutLastSet >= 0 && queryTimeoutLastSet != queryTimeoutBefore) {
        QueryTimeouts.restore(
            connection, queryTimeoutBefore, queryTimeoutLastSet, pool.timeoutScope());
      }
      what = state == null ? null : state.restore(connection, CancelScheduler.shared());
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "seam '{}': could not roll back or restore {} of the connection on its return;"
              + " evicting it from the pool",
          call.seamName(),
          what,
          e);
      return false;
    }
    if (what != null) {
      LOG.warn(
          "seam '{}': could not restore the {} the call changed on its connection; evicting it"
              + " from the pool",
          call.seamName(),
          what);
      return false;
    }
    return true;
  }

  /** Tracks a statement, dropping those closed since; the caller holds the monitor. */
  private void add(GuardedStatement statement) {
    if (first != null && isIdleAndClosed(first)) {
      first = null;
    }
    if (more != null) {
      more.removeIf(Lease::isIdleAndClosed);
    }
    if (first == null) {
      first = statement;
    } else {
      if (more == null) {
        more = new ArrayList<>();
      }
      more.add(statement);
    }
  }

  /** The open statements, for the cancel paths; the caller holds the monitor. */
  private List<GuardedStatement> open() {
    List<GuardedStatement> all = new ArrayList<>();
    if (first != null) {
      all.add(first);
    }
    if (more != null) {
      all.addAll(more);
    }
    return all;
  }

  /**
   * A statement to stop tracking: closed through its guard, and no thread is inside one of its
   * executes. A statement the driver closed by itself (with its connection or result set) stays
   * tracked until the call ends; a cancel sent to it does nothing.
   */
  private static boolean isIdleAndClosed(GuardedStatement s) {
    return s.executing == 0 && s.closed;
  }
}
