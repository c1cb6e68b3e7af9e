package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * Encodes events as the WHATWG HTML {@code text/event-stream} format, in UTF-8.
 *
 * <p>Multi-line values are split on CR, LF and CRLF alike, because the client treats a lone CR as a
 * line break: leaving it inside one {@code data:} line would let data forge fields.
 */
public final class WireFormat {
  /** First half of a keep-alive; see {@link Connection} for why it is written in two parts. */
  static final byte[] KEEP_ALIVE_COMMENT = ":\n".getBytes(StandardCharsets.UTF_8);

  /** Second half: an empty line, which dispatches nothing when no data was buffered. */
  static final byte[] KEEP_ALIVE_END = "\n".getBytes(StandardCharsets.UTF_8);

  private WireFormat() {}

  /**
   * The first half of a keep-alive: a comment, or the fields of a named heartbeat event (empty
   * data, no id, so the client's last event id stays as it was); the empty line of {@link
   * #KEEP_ALIVE_END} dispatches it.
   *
   * @param heartbeatEvent the event's name, or null for a comment
   * @return the UTF-8 bytes
   */
  static byte[] keepAliveStart(String heartbeatEvent) {
    return heartbeatEvent == null
        ? KEEP_ALIVE_COMMENT
        : ("event: " + heartbeatEvent + "\ndata:\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Encodes one event block, ending with the blank line that dispatches it.
   *
   * @param e the event
   * @return the UTF-8 bytes
   */
  public static byte[] encode(SseEvent e) {
    StringBuilder sb = new StringBuilder(64 + (e.data() == null ? 0 : e.data().length()));
    if (e.comment() != null) {
      lines(sb, ":", e.comment(), true);
    }
    if (e.event() != null) {
      sb.append("event: ").append(e.event()).append('\n');
    }
    if (e.id() != null) {
      sb.append("id: ").append(e.id()).append('\n');
    }
    if (e.retry() != null) {
      sb.append("retry: ").append(e.retry().toMillis()).append('\n');
    }
    if (e.data() != null) {
      lines(sb, "data:", e.data(), false);
    }
    sb.append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void lines(StringBuilder sb, String prefix, String value, boolean comment) {
    int start = 0;
    int n = value.length();
    while (true) {
      int end = start;
      while (end < n && value.charAt(end) != '\r' && value.charAt(end) != '\n') {
        end++;
      }
      sb.append(prefix);
      // A space after the colon is stripped by the client, so a value that itself starts with a
      // space keeps it only if we always add one; comments need none.
      if (!comment || end > start) {
        sb.append(' ');
      }
      sb.append(value, start, end).append('\n');
      if (end >= n) {
        return;
      }
      end += value.charAt(end) == '\r' && end + 1 < n && value.charAt(end + 1) == '\n' ? 2 : 1;
      start = end;
    }
  }
}
