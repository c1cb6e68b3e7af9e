package dev.seam.internal;

import java.time.Duration;

/** Formats durations for messages: {@code "2000 ms", "3.4 ms", "<0.1 ms"}. */
public final class Durations {
  /** The longest duration Seam measures: about 292 years, {@link Long#MAX_VALUE} nanoseconds. */
  public static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private Durations() {}

  /**
   * Caps a duration at {@link #FOREVER}, so that {@link Duration#toNanos()} never overflows: "wait
   * forever" settings such as {@code ChronoUnit.FOREVER.getDuration()} mean "no limit in practice".
   *
   * @param d a duration, not null
   * @return {@code d}, or {@link #FOREVER} if {@code d} is longer
   */
  public static Duration cap(Duration d) {
    return d.compareTo(FOREVER) > 0 ? FOREVER : d;
  }

  /**
   * Formats a duration for a human reading a log line.
   *
   * @param d the duration
   * @return the formatted text
   */
  public static String format(Duration d) {
    return formatNanos(d.toNanos());
  }

  /**
   * Formats nanoseconds for a human reading a log line.
   *
   * @param nanos the duration in nanoseconds
   * @return the formatted text
   */
  public static String formatNanos(long nanos) {
    if (nanos == Long.MAX_VALUE) {
      return "forever";
    }
    if (nanos >= 10_000_000L) {
      return Math.round(nanos / 1e6) + " ms";
    }
    if (nanos < 100_000L) {
      return "<0.1 ms";
    }
    // Integer arithmetic rather than String.format, which cost microseconds on every cancel.
    long tenths = Math.round(nanos / 1e5);
    return tenths / 10 + "." + tenths % 10 + " ms";
  }
}
