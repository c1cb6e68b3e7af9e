package dev.seam.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** The deadline as a JDBC query timeout, which counts whole seconds. */
final class QueryTimeouts {
  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  /**
   * The longest query timeout handed to a driver, about 24.8 days: H2 (and other drivers) keep it
   * as {@code int} milliseconds, so more would overflow into a negative, refused, value. A deadline
   * that far away is no deadline in practice.
   */
  static final int MAX_SECONDS = Integer.MAX_VALUE / 1000;

  private QueryTimeouts() {}

  /**
   * Gives a statement the deadline as its query timeout, unless it has that many seconds already.
   * Runs on the thread that created the statement (the worker).
   *
   * <p>Why ask first: on H2 the query timeout is a session setting, and setting it runs {@code SET
   * QUERY_TIMEOUT}, which empties the database's parsed-query cache. Within one call every further
   * statement whose deadline rounds to the same seconds skips the round trip. Drivers that keep the
   * timeout per statement (pgjdbc, MariaDB and MySQL Connector/J) answer from a field and start
   * every statement at zero, so each gets its timeout. A session setting is put back when the call
   * gives its connection back ({@link #restore}), so the next call starts from the session's own
   * value again and sets its deadline once more: the price of a connection that goes back to the
   * pool as it came (J7).
   *
   * @param statement the driver's statement, just created
   * @param seconds the timeout, from {@link #seconds}
   * @return the timeout the statement had before, in seconds
   * @throws SQLException if the driver refuses
   */
  static int apply(Statement statement, int seconds) throws SQLException {
    int had = statement.getQueryTimeout();
    if (had != seconds) {
      statement.setQueryTimeout(seconds);
    }
    return had;
  }

  /**
   * Puts back the query timeout a connection's session had before the call, on a driver that keeps
   * it per session (H2); on one that keeps it per statement there is nothing to put back, which the
   * first call to set a timeout learns for the scope, so later calls skip the check. Runs on the
   * worker, after the call's own statements.
   *
   * @param c the borrowed connection
   * @param before the timeout the call's first statement had, as the session's own
   * @param lastSet the last timeout the call set on a statement
   * @param scope what is known of the driver, shared by the calls of one {@code AsyncJdbc}
   * @throws SQLException if the driver refuses; the caller evicts the connection
   */
  static void restore(Connection c, int before, int lastSet, Scope scope) throws SQLException {
    if (scope.perStatement) {
      return;
    }
    try (Statement probe = c.createStatement()) {
      int now = probe.getQueryTimeout(); // a new statement starts with the session's value
      if (now != before) {
        probe.setQueryTimeout(before);
      } else if (lastSet != before) {
        scope.perStatement = true; // what the call set did not outlive its statement
      }
    }
  }

  /**
   * Whether a driver keeps the query timeout per statement, once a call has shown it. Thread-safe:
   * a call that misses another's write checks once more, which is harmless.
   */
  static final class Scope {
    private volatile boolean perStatement;
  }

  /**
   * Rounds the time left up to whole seconds, at least one (zero would mean no timeout at all) and
   * at most {@link #MAX_SECONDS}.
   *
   * @param remainingNanos time left until the deadline; up to {@code Long.MAX_VALUE} for a call
   *     without a deadline in practice
   * @return the query timeout in seconds
   */
  static int seconds(long remainingNanos) {
    if (remainingNanos <= 0) {
      return 1;
    }
    // Divides before rounding up: adding a second first would overflow near Long.MAX_VALUE.
    long seconds = remainingNanos / NANOS_PER_SECOND;
    if (remainingNanos % NANOS_PER_SECOND != 0) {
      seconds++;
    }
    return (int) Math.min(MAX_SECONDS, seconds);
  }
}
