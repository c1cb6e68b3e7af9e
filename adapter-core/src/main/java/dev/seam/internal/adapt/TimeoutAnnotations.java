package dev.seam.internal.adapt;

import dev.seam.SeamTimeout;
import dev.seam.internal.Durations;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.UnsupportedTemporalTypeException;

/**
 * Reads the {@link SeamTimeout} that applies to an async method: its own, else its interface's,
 * else the adapted interface's. A timeout longer than {@link #LONGEST} (about 292 years, the most a
 * {@code long} of nanoseconds holds, which is how a seam counts deadlines) means "no deadline" in
 * practice and is capped there, the same cap a seam applies to such timeouts given in code, so that
 * {@code Long.MAX_VALUE} seconds never overflows inside a call.
 */
final class TimeoutAnnotations {
  static final Duration LONGEST = Durations.FOREVER;

  private TimeoutAnnotations() {}

  /**
   * The timeout for calls of {@code async}, or null for the seam's.
   *
   * @throws IllegalArgumentException saying what is wrong with the annotation found
   */
  static Duration timeoutOrNull(Method async, Class<?> asyncType) {
    SeamTimeout t = async.getAnnotation(SeamTimeout.class);
    if (t == null) {
      t = async.getDeclaringClass().getAnnotation(SeamTimeout.class);
    }
    if (t == null) {
      t = asyncType.getAnnotation(SeamTimeout.class);
    }
    if (t == null) {
      return null;
    }
    String shown = "@SeamTimeout(value = " + t.value() + ", unit = " + t.unit() + ")";
    if (t.value() <= 0) {
      throw new IllegalArgumentException("has " + shown + "; expected a positive timeout");
    }
    Duration timeout;
    try {
      timeout = Duration.of(t.value(), t.unit());
    } catch (UnsupportedTemporalTypeException e) {
      throw new IllegalArgumentException(
          "has " + shown + "; expected a unit of fixed length, up to DAYS", e);
    } catch (ArithmeticException e) {
      return LONGEST; // more seconds than a Duration holds
    }
    return timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
  }
}
