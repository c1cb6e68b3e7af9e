package dev.seam.sse.redis.internal;

import dev.seam.sse.SseEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * An SSE event as the fields of a Redis Stream entry, and back. The entry id is the event's id; the
 * fields are {@code event}, {@code data}, {@code retry} (milliseconds) and {@code comment}, each
 * present only when set.
 */
public final class Entries {
  private static final String EVENT = "event";
  private static final String DATA = "data";
  private static final String RETRY = "retry";
  private static final String COMMENT = "comment";

  private Entries() {}

  /**
   * The entry's fields for an event; its id is left out, Redis assigns one.
   *
   * @param e the event
   * @return the fields, never empty (an entry needs one)
   */
  public static Map<String, String> fields(SseEvent e) {
    Map<String, String> f = new HashMap<>(4);
    if (e.event() != null) {
      f.put(EVENT, e.event());
    }
    if (e.data() != null) {
      f.put(DATA, e.data());
    }
    if (e.retry() != null) {
      f.put(RETRY, Long.toString(e.retry().toMillis()));
    }
    if (e.comment() != null) {
      f.put(COMMENT, e.comment());
    }
    if (f.isEmpty()) {
      f.put(DATA, ""); // unreachable through SseEvent's factories, but XADD needs a field
    }
    return f;
  }

  /**
   * The event an entry holds, with the entry's id.
   *
   * @param entry the entry
   * @return the event
   */
  public static SseEvent event(StreamEntry entry) {
    Map<String, String> f = entry.getFields();
    String data = f.get(DATA);
    String comment = f.get(COMMENT);
    String name = f.get(EVENT);
    SseEvent e;
    if (data == null) {
      e = SseEvent.comment(comment == null ? "" : comment);
    } else {
      e = name == null ? SseEvent.of(data) : SseEvent.of(name, data);
      if (comment != null) {
        e = e.withComment(comment);
      }
    }
    String retry = f.get(RETRY);
    if (retry != null) {
      e = e.retry(Duration.ofMillis(Long.parseLong(retry)));
    }
    return e.id(entry.getID().toString());
  }

  /**
   * Parses an id a client sent back.
   *
   * @param id the text
   * @return the id, or null if it is not a Redis entry id ({@code <ms>-<seq>})
   */
  public static StreamEntryID parse(String id) {
    String s = id.trim();
    int dash = s.indexOf('-');
    if (dash <= 0 || dash == s.length() - 1) {
      return null;
    }
    try {
      long ms = Long.parseUnsignedLong(s.substring(0, dash));
      long seq = Long.parseUnsignedLong(s.substring(dash + 1));
      return new StreamEntryID(ms, seq);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
