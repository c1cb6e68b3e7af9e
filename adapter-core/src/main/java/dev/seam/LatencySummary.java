package dev.seam;

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
public record LatencySummary(long count, Duration p50, Duration p90, Duration p99, Duration max) {}
