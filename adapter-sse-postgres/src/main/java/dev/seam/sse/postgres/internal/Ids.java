package dev.seam.sse.postgres.internal;

import dev.seam.sse.SseEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids ({@code <epoch>-<n>}: the stream's epoch, then its number, as the in-memory log's) and
 * events as rows.
 */
public final class Ids {
  /** What a client is told to continue from when a stream has no row: before any event. */
  public static final String BEFORE_ANY = "0";

  private Ids() {}

  /**
   * A client's id taken apart.
   *
   * @param epoch the epoch, or null for {@link #BEFORE_ANY}
   * @param n the number
   */
  public record Parsed(String epoch, long n) {}

  /**
   * Parses an id.
   *
   * @param id the text a client sent
   * @return the parts, or null when it is not an id of this log
   */
  public static Parsed parse(String id) {
    String s = id.trim();
    if (s.equals(BEFORE_ANY)) {
      return new Parsed(null, 0);
    }
    int dash = s.lastIndexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      long n = Long.parseLong(s.substring(dash + 1));
      return n < 1 ? null : new Parsed(s.substring(0, dash), n);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * An id.
   *
   * @param epoch the stream's epoch
   * @param n the number
   * @return {@code <epoch>-<n>}
   */
  public static String of(String epoch, long n) {
    return epoch + "-" + n;
  }

  /**
   * Six base-36 digits at random, as the in-memory log draws: two lives of a stream share one about
   * once in 2 billion.
   *
   * @return a new epoch
   */
  public static String newEpoch() {
    long lowest = 36L * 36 * 36 * 36 * 36; // the smallest six-digit number, so always six
    return Long.toString(ThreadLocalRandom.current().nextLong(lowest, lowest * 36), 36);
  }

  /**
   * The event of a row whose columns {@code epoch, n, event, data, retry_ms, comment} are named so.
   *
   * @param rs the result set, on the row
   * @return the event, with its id
   * @throws SQLException if a column cannot be read
   */
  public static SseEvent event(ResultSet rs) throws SQLException {
    String data = rs.getString("data");
    String comment = rs.getString("comment");
    String name = rs.getString("event");
    SseEvent e;
    if (data == null) {
      e = SseEvent.comment(comment == null ? "" : comment);
    } else {
      e = name == null ? SseEvent.of(data) : SseEvent.of(name, data);
      if (comment != null) {
        e = e.withComment(comment);
      }
    }
    long retry = rs.getLong("retry_ms");
    if (!rs.wasNull()) {
      e = e.retry(Duration.ofMillis(retry));
    }
    return e.id(of(rs.getString("epoch"), rs.getLong("n")));
  }
}
