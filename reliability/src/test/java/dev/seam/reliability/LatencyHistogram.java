package dev.seam.reliability;

import java.util.Locale;

/**
 * Latencies in whole microseconds, in preallocated buckets, so that recording millions of them
 * allocates nothing: a growing list of samples would itself show up in the heap figures the tests
 * check. Exact below 100 ms; anything longer counts in the last bucket. Not thread-safe: one
 * recording thread.
 */
final class LatencyHistogram {
  private static final int MAX_MICROS = 100_000;
  private final long[] counts = new long[MAX_MICROS + 1];
  private long total;
  private long maxNanos;

  void record(long nanos) {
    int micros = (int) Math.min(MAX_MICROS, Math.max(0, nanos / 1_000));
    counts[micros]++;
    total++;
    maxNanos = Math.max(maxNanos, nanos);
  }

  long count() {
    return total;
  }

  /** The latency in microseconds at or below which {@code fraction} of the samples fall. */
  long percentileMicros(double fraction) {
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank && rank > 0) {
        return i;
      }
    }
    return 0;
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%d us p99=%d us p99.9=%d us max=%.1f ms",
        total,
        percentileMicros(0.50),
        percentileMicros(0.99),
        percentileMicros(0.999),
        maxNanos / 1e6);
  }
}
