package dev.seam.sse;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Generated inputs for the endpoint builder and wire format tests: the edge values first, then
 * values drawn from one seed that every failure names, so any case can be run again with {@code
 * -Dseam.generated.seed=<seed>}. Random values are spread over magnitudes (a uniform long is almost
 * always huge), as a person choosing cases by hand would spread them.
 *
 * <p>Not thread-safe: one instance per test method, used on the test thread.
 */
final class GeneratedInputs {
  static final String SEED_PROPERTY = "seam.generated.seed";

  /** A check of one input; {@code description} is for every assertion's {@code as(...)}. */
  @FunctionalInterface
  interface Check<T> {
    void accept(T input, String description) throws Exception;
  }

  private final long seed;
  private final SplittableRandom random;

  GeneratedInputs() {
    this.seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
    this.random = new SplittableRandom(seed);
  }

  /**
   * Runs {@code check} on each edge value, then on drawn values until {@code tries} in all.
   *
   * @throws IllegalArgumentException if there are more edge values than tries
   */
  <T> void forEach(
      int tries, List<T> edges, Function<SplittableRandom, T> draw, Check<? super T> check)
      throws Exception {
    if (edges.size() > tries) {
      throw new IllegalArgumentException("edge values > tries: " + edges.size() + " > " + tries);
    }
    for (int i = 0; i < tries; i++) {
      T input = i < edges.size() ? edges.get(i) : draw.apply(random);
      String kind = i < edges.size() ? "edge value" : "generated";
      check.accept(
          input,
          String.format(
              Locale.ROOT,
              "-D%s=%d, try %d of %d (%s), input %s",
              SEED_PROPERTY,
              seed,
              i + 1,
              tries,
              kind,
              show(input)));
    }
  }

  /** From 1 to {@link Long#MAX_VALUE}, its bit length uniform so that small values come up too. */
  static long positiveLong(SplittableRandom r) {
    int bits = 1 + r.nextInt(63);
    long v = r.nextLong() >>> (64 - bits);
    return v == 0 ? 1 : v;
  }

  /** From {@code min} to {@code max}, both included, its distance from {@code min} spread. */
  static int intBetween(SplittableRandom r, int min, int max) {
    long span = (long) max - min;
    long offset = r.nextBoolean() ? r.nextLong(span + 1) : positiveLong(r) % (span + 1);
    return (int) (min + offset);
  }

  /** From {@code max} down to {@code min}, both included, its distance from {@code max} spread. */
  static int intDownFrom(SplittableRandom r, int max, int min) {
    return (int) ((long) max + min - intBetween(r, min, max));
  }

  // Endpoint settings are durations a scheduler takes in nanoseconds: the range is a long of them.

  /** Negative in nanoseconds (down to {@code Long.MIN_VALUE}) or milliseconds. */
  static Duration negativeDuration(SplittableRandom r) {
    return r.nextBoolean()
        ? Duration.ofNanos(-positiveLong(r))
        : Duration.ofMillis(-1 - r.nextLong(1_000_000));
  }

  /** Positive in nanoseconds (up to {@code Long.MAX_VALUE}) or milliseconds. */
  static Duration positiveDuration(SplittableRandom r) {
    return r.nextBoolean()
        ? Duration.ofNanos(positiveLong(r))
        : Duration.ofMillis(1 + r.nextLong(1_000_000));
  }

  static final List<Duration> NEGATIVE_EDGES =
      List.of(
          Duration.ofNanos(Long.MIN_VALUE),
          Duration.ofNanos(-1),
          Duration.ofMillis(-1),
          Duration.ofMillis(-1_000_000));

  static final List<Duration> POSITIVE_EDGES =
      List.of(
          Duration.ofNanos(1),
          Duration.ofNanos(Long.MAX_VALUE),
          Duration.ofMillis(1),
          Duration.ofMillis(1_000_000));

  /** {@code value}, or null with probability {@code p}. */
  static <T> T orNull(SplittableRandom r, double p, T value) {
    return r.nextDouble() < p ? null : value;
  }

  /** Up to {@code maxLength} characters drawn from {@code chars}, sometimes none. */
  static String stringOf(SplittableRandom r, String chars, int maxLength) {
    StringBuilder b = new StringBuilder();
    int length = r.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(r.nextInt(chars.length())));
    }
    return b.toString();
  }

  /**
   * From {@code minLength} to {@code maxLength} UTF-16 chars of any value: NUL, controls, lone
   * surrogates and non-characters included, as text that reaches a builder can be.
   */
  static String anyChars(SplittableRandom r, int minLength, int maxLength) {
    StringBuilder b = new StringBuilder();
    int length = minLength + r.nextInt(maxLength - minLength + 1);
    for (int i = 0; i < length; i++) {
      b.append((char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(Character.MAX_VALUE + 1)));
    }
    return b.toString();
  }

  /** A case as a failure shows it: strings quoted and escaped so that NUL and CR/LF are seen. */
  static String show(Object input) {
    if (input instanceof String s) {
      return "\"" + escape(s) + "\"";
    }
    return escape(String.valueOf(input));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7E) {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
