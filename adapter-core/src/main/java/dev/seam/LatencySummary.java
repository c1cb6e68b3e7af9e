package dev.seam;

import dev.seam.internal.Durations;
import java.time.Duration;

/**
 * A distribution of durations, from a {@link SeamStats} snapshot. Percentiles are upper bounds of
 * logarithmic buckets, accurate to about 12%; {@code max} is exact.
 *
 * @param count how many durations were recorded
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest recorded duration
 * @since 0.1
 */
public record LatencySummary(long count, Duration p50, Duration p90, Duration p99, Duration max) {

  /**
   * Nothing recorded.
   *
   * @since 0.1
   */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Reads as {@code n=12 p50=1.2 ms p90=3.0 ms p99=8.1 ms max=9.9 ms}. */
  @Override
  public String toString() {
    if (count == 0) {
      return "n=0";
    }
    return "n="
        + count
        + " p50="
        + Durations.format(p50)
        + " p90="
        + Durations.format(p90)
        + " p99="
        + Durations.format(p99)
        + " max="
        + Durations.format(max);
  }
}
