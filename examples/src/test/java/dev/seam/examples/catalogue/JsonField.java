package dev.seam.examples.catalogue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one top-level-looking field from the demo's flat JSON, enough for assertions. */
final class JsonField {
  private JsonField() {}

  static String of(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(name) + "\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]]*)")
            .matcher(json);
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in " + json);
    }
    String v = m.group(1);
    return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  static long number(String json, String name) {
    return (long) Double.parseDouble(of(json, name));
  }
}
