package dev.seam.jdbc.internal;

import dev.seam.CallContext;
import dev.seam.jdbc.RowMapper;
import dev.seam.jdbc.SqlStatementException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription to a query: the worker reads a row only when the subscriber has demand, so the
 * driver holds about one fetch size of rows; between rows it waits for demand, cancellation, or the
 * call's deadline.
 */
final class RowSubscription<T> implements Flow.Subscription {
  private final String sql;
  private final RowMapper<T> mapper;
  private final Object[] params;
  private final int fetchSize;
  private final Signals<T> signals;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private long demand;
  private boolean cancelled;

  // Written by the worker, read by cancel(): whether the worker is inside the driver.
  private volatile Lease lease;
  private volatile boolean fetching;

  RowSubscription(
      Flow.Subscriber<? super T> subscriber,
      String sql,
      RowMapper<T> mapper,
      Object[] params,
      int fetchSize) {
    this.sql = sql;
    this.mapper = mapper;
    this.params = params;
    this.fetchSize = fetchSize;
    this.signals = new Signals<>(subscriber, this::cancel);
  }

  Signals<T> signals() {
    return signals;
  }

  @Override
  public void request(long n) {
    if (n <= 0) { // rule 3.9
      signals.error(new IllegalArgumentException("request(n) needs n > 0: " + n));
      cancel();
      return;
    }
    lock.lock();
    try {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // rule 3.17: cap, no overflow
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel() {
    signals.cancel();
    lock.lock();
    try {
      cancelled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Lease l = lease;
    if (l != null && fetching) {
      l.cancel(); // the worker is inside the driver: stop the statement, not just the loop
    }
  }

  /** On the worker: runs the query and emits rows as demand allows. */
  void run(Connection connection, Lease lease) throws Exception {
    if (signals.isCancelled()) {
      return; // cancelled while the call waited for a worker or a connection
    }
    this.lease = lease;
    CallContext call = lease.call();
    try (CallContext.Registration wake = call.onCancel(this::wake)) {
      connection.setAutoCommit(false); // PostgreSQL uses a cursor only inside a transaction
      try (PreparedStatement ps =
          connection.prepareStatement(
              sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(fetchSize);
        Statements.bind(ps, params);
        try (ResultSet rs = fetch(ps)) {
          emit(rs, call);
        }
      } catch (SQLException e) {
        if (!signals.isCancelled()) {
          throw e instanceof SqlStatementException
              ? e
              : new SqlStatementException(sql, params.length, e);
        }
      }
    }
  }

  private ResultSet fetch(PreparedStatement ps) throws SQLException {
    fetching = true;
    try {
      return ps.executeQuery();
    } finally {
      fetching = false;
    }
  }

  private void emit(ResultSet rs, CallContext call) throws SQLException, InterruptedException {
    while (awaitDemand(call)) {
      boolean more;
      fetching = true;
      try {
        more = rs.next();
      } finally {
        fetching = false;
      }
      if (!more) {
        signals.complete();
        return;
      }
      T row = mapper.map(rs);
      if (row == null) {
        throw new NullPointerException("row mapper returned null (rule 2.13) for: " + sql);
      }
      lock.lock();
      try {
        demand--;
      } finally {
        lock.unlock();
      }
      signals.next(row);
    }
  }

  private boolean awaitDemand(CallContext call) throws InterruptedException {
    lock.lock();
    try {
      while (demand == 0 && !cancelled && !call.isCancelled()) {
        changed.await();
      }
      return !cancelled && !call.isCancelled();
    } finally {
      lock.unlock();
    }
  }

  /** The call's cancel hook: wakes a worker that waits for demand. */
  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
