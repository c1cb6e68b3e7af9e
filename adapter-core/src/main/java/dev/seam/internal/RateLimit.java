package dev.seam.internal;

import dev.seam.SeamClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One warning per interval (10 seconds by default), counting the ones it held back so the next
 * warning can say how many. Thread-safe and lock-free: under a flood, one thread wins each turn.
 */
final class RateLimit {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final SeamClock clock;
  private final long intervalNanos;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE / 2);
  private final LongAdder suppressed = new LongAdder();

  RateLimit(SeamClock clock) {
    this(clock, DEFAULT_INTERVAL_NANOS);
  }

  RateLimit(SeamClock clock, long intervalNanos) {
    this.clock = clock;
    this.intervalNanos = intervalNanos;
  }

  /**
   * Claims this interval's turn.
   *
   * @return how many were suppressed since the last turn if the caller may log now; -1 if not
   */
  long tryAcquire() {
    long now = clock.nanoTime();
    long previous = last.get();
    if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
      return suppressed.sumThenReset();
    }
    suppressed.increment();
    return -1;
  }
}
