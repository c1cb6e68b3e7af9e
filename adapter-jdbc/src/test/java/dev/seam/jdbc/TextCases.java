package dev.seam.jdbc;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated inputs for the binding round-trip tests: text that would break concatenated SQL and
 * arbitrary bytes, from a seed that a failure names, so any case can be run again with {@code
 * -Dseam.binding.seed=<seed>}.
 */
final class TextCases {
  private static final int[] SQL_MEANINGFUL = {
    '\'', '"', '\\', '?', ';', '$', '-', '/', '*', '\n', '\r', '\t'
  };
  private static final String[] INJECTIONS = {
    "",
    "'",
    "''",
    "\\",
    "?",
    "$1",
    "$$x$$",
    "'); DROP TABLE bound; --",
    "' OR '1'='1",
    "E'\\\\x00'",
    "/* ? */",
    "-- ?"
  };

  private final SplittableRandom random;

  TextCases(long seed) {
    this.random = new SplittableRandom(seed);
  }

  static long seed() {
    return Long.getLong("seam.binding.seed", System.nanoTime());
  }

  /**
   * Mostly printable ASCII with quotes, backslashes, placeholders, comment markers and line breaks
   * weighted up, and code points from every plane (no lone surrogates: they are not text); one case
   * in five has a NUL in the middle, one in ten is a classic injection.
   */
  String text() {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return INJECTIONS[random.nextInt(INJECTIONS.length)];
    }
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(201);
    for (int i = 0; i < length; i++) {
      b.appendCodePoint(codePoint());
    }
    if (kind <= 2) { // a NUL as its own case: per character it would be in nearly every string
      b.insert(b.length() / 2, '\0');
    }
    return b.toString();
  }

  private int codePoint() {
    int pick = random.nextInt(11);
    if (pick < 6) {
      return 0x20 + random.nextInt(0x7F - 0x20);
    }
    if (pick < 9) {
      return SQL_MEANINGFUL[random.nextInt(SQL_MEANINGFUL.length)];
    }
    while (true) {
      int cp = 0x80 + random.nextInt(Character.MAX_CODE_POINT - 0x80 + 1);
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
        return cp;
      }
    }
  }

  /** Up to 2,000 arbitrary bytes, sometimes none. */
  byte[] bytes() {
    byte[] b = new byte[random.nextInt(2_001)];
    random.nextBytes(b);
    return b;
  }

  /** A case as a failure message shows it: escaped so that NUL and line breaks are visible. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == '"' || cp == '\\' || cp > 0x7E) {
                b.append(String.format(Locale.ROOT, "\\u{%X}", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.append('"').toString();
  }
}
