package dev.seam.sse.internal;

/**
 * The id a mid-stream failure event carries, {@code seam-error:<n>:<previous id>}, so that the
 * client's reconnect says, in its {@code Last-Event-ID}, that its last {@code n} streams failed in
 * a row and where it was before. A stream that sends an event with an id of its own replaces it in
 * the client, which resets the count.
 */
final class FailureMarker {
  private static final String PREFIX = "seam-error:";

  /** A parsed marker: failures in a row, and the id the client had before them ("" for none). */
  record Parsed(int failures, String previousId) {}

  private FailureMarker() {}

  static String id(int failures, String previousId) {
    return PREFIX + failures + ":" + (previousId == null ? "" : previousId);
  }

  /** The marker in a {@code Last-Event-ID}, or null if it is an ordinary id (or absent). */
  static Parsed parse(String lastEventId) {
    if (lastEventId == null || !lastEventId.startsWith(PREFIX)) {
      return null;
    }
    int colon = lastEventId.indexOf(':', PREFIX.length());
    if (colon < 0) {
      return null;
    }
    try {
      int n = Integer.parseInt(lastEventId.substring(PREFIX.length(), colon));
      return n < 1 ? null : new Parsed(n, lastEventId.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
