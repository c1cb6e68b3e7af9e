package dev.seam.examples.catalogue;

import java.util.Map;

/**
 * A JSON object written field by field, enough for the demo's small answers without a JSON library.
 * Values are numbers, booleans, strings, null, nested {@link Json} objects, or raw JSON text given
 * with {@link #raw}. Not thread-safe; build one per answer.
 */
final class Json {
  private final StringBuilder out = new StringBuilder("{");

  static Json object() {
    return new Json();
  }

  Json put(String name, Object value) {
    if (out.length() > 1) {
      out.append(',');
    }
    quote(out, name);
    out.append(':');
    value(value);
    return this;
  }

  Json raw(String name, String json) {
    if (out.length() > 1) {
      out.append(',');
    }
    quote(out, name);
    out.append(':').append(json);
    return this;
  }

  private void value(Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Json nested) {
      out.append(nested);
    } else if (value instanceof Map<?, ?> map) {
      Json nested = object();
      map.forEach((k, v) -> nested.put(String.valueOf(k), v));
      out.append(nested);
    } else {
      quote(out, value.toString());
    }
  }

  static void quote(StringBuilder to, String s) {
    to.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> to.append("\\\"");
        case '\\' -> to.append("\\\\");
        case '\n' -> to.append("\\n");
        case '\r' -> to.append("\\r");
        case '\t' -> to.append("\\t");
        default -> {
          if (c < 0x20) {
            to.append(String.format("\\u%04x", (int) c));
          } else {
            to.append(c);
          }
        }
      }
    }
    to.append('"');
  }

  @Override
  public String toString() {
    return out + "}";
  }
}
