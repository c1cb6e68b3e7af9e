package dev.seam.internal;

/**
 * How messages name a call: {@code call}, or {@code call "SELECT ..."} when it has a description.
 */
public final class CallText {
  private static final int MAX = 200;

  private CallText() {}

  /**
   * Names a call for a message.
   *
   * @param description the call's description, or null
   * @return {@code call} or {@code call "<description, at most 200 characters>"}
   */
  public static String call(String description) {
    if (description == null || description.isBlank()) {
      return "call";
    }
    String oneLine = description.strip().replaceAll("\\s+", " ");
    if (oneLine.length() > MAX) {
      oneLine = oneLine.substring(0, MAX) + "...";
    }
    return "call \"" + oneLine + "\"";
  }
}
