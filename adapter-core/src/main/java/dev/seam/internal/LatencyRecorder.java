package dev.seam.internal;

import dev.seam.LatencySummary;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free histogram of durations in logarithmic buckets: 8 sub-buckets per power of two, so a
 * reported percentile is the upper bound of a bucket no wider than 12.5% of its value. Recording is
 * a few atomic adds; thread-safe.
 */
final class LatencyRecorder {
  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int BUCKETS = 64 * SUB_BUCKETS;

  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
  private final LongAdder count = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  void record(long nanos) {
    long v = Math.max(0, nanos);
    buckets.incrementAndGet(index(v));
    count.increment();
    max.accumulate(v);
  }

  static int index(long v) {
    if (v < SUB_BUCKETS) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
  }

  /** The largest value that falls in bucket {@code index}. */
  static long upperBound(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
    long sub = index % SUB_BUCKETS;
    long base = 1L << exponent;
    long width = base >>> SUB_BITS;
    return base + (sub + 1) * width - 1;
  }

  LatencySummary summary() {
    long[] snapshot = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = buckets.get(i);
      total += snapshot[i];
    }
    long maxNanos = max.get();
    return new LatencySummary(
        total,
        percentile(snapshot, total, 0.50, maxNanos),
        percentile(snapshot, total, 0.90, maxNanos),
        percentile(snapshot, total, 0.99, maxNanos),
        Duration.ofNanos(maxNanos));
  }

  private static Duration percentile(long[] snapshot, long total, double q, long maxNanos) {
    if (total == 0) {
      return Duration.ZERO;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < snapshot.length; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return Duration.ofNanos(Math.min(upperBound(i), maxNanos));
      }
    }
    return Duration.ofNanos(maxNanos);
  }
}
