package dev.seam.jdbc.internal;

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
   * QUERY_TIMEOUT}, which empties the session's parsed-query cache, so every query was parsed again
   * (about 6 KB and 2.5 µs per {@code SELECT 1}). H2 remembers per connection what was last set and
   * answers {@code getQueryTimeout} from that, so a pooled connection whose last call had the same
   * timeout skips the round trip; a different deadline, or a timeout the user set on an earlier
   * statement, differs and is set again. Drivers that keep the timeout per statement (pgjdbc)
   * answer from a field and start every statement at zero, so each gets its timeout as before.
   * Asking the statement, rather than remembering per connection what Seam set, keeps a timeout the
   * user set through JDBC from standing in for a later call's deadline. (H2 does not see a {@code
   * SET QUERY_TIMEOUT} run as SQL text; code that does that bypasses the check.)
   *
   * @param statement the driver's statement, just created
   * @param remainingNanos time left until the call's deadline
   * @throws SQLException if the driver refuses
   */
  static void apply(Statement statement, long remainingNanos) throws SQLException {
    int seconds = seconds(remainingNanos);
    if (statement.getQueryTimeout() != seconds) {
      statement.setQueryTimeout(seconds);
    }
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
