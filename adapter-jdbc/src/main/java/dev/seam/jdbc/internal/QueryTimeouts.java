package dev.seam.jdbc.internal;

import java.util.concurrent.TimeUnit;

/** The deadline as a JDBC query timeout, which counts whole seconds. */
final class QueryTimeouts {
  private QueryTimeouts() {}

  /**
   * Rounds the time left up to whole seconds, at least one: zero would mean no timeout at all.
   *
   * @param remainingNanos time left until the deadline
   * @return the query timeout in seconds
   */
  static int seconds(long remainingNanos) {
    if (remainingNanos <= 0) {
      return 1;
    }
    long perSecond = TimeUnit.SECONDS.toNanos(1);
    long seconds = (remainingNanos + perSecond - 1) / perSecond;
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }
}
