package dev.seam.sse.postgres.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog.Replay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a reconnecting client missed, or finds that the table no longer holds it; reads a
 * stream's newest event and its position.
 *
 * <p>Numbers are dense within a stream's life (1, 2, 3, ... with no hole: retention only ever
 * removes a stream's oldest events), so a replay is exact by counting: the client missed nothing
 * when the first event read is the one right after its number, or when its number is the stream's
 * last. Anything else is a gap: an epoch that is not the stream's current one (the stream's row was
 * deleted, expired or truncated, and written again), a number the stream never reached, events
 * trimmed, or more events than the replay limit. One statement reads the stream's row and the page
 * in one snapshot.
 */
public final class Replays {
  private final Tables tables;
  private final int limit;

  /**
   * Creates the reader.
   *
   * @param tables the tables
   * @param limit the most events replayed; a client further behind gets a gap
   */
  public Replays(Tables tables, int limit) {
    this.tables = tables;
    this.limit = limit;
  }

  /**
   * Reads the replay.
   *
   * @param c a connection
   * @param stream the stream's name
   * @param lastEventId the client's id
   * @return the replay
   * @throws SQLException if the read fails
   */
  public Replay after(Connection c, String stream, String lastEventId) throws SQLException {
    Ids.Parsed from = Ids.parse(lastEventId);
    try (PreparedStatement ps = c.prepareStatement(tables.readAfter)) {
      String epoch = from == null ? "" : from.epoch(); // "" matches no epoch: read no page
      ps.setString(1, epoch);
      ps.setString(2, epoch);
      ps.setLong(3, from == null ? 0 : from.n());
      ps.setInt(4, limit + 1);
      ps.setString(5, stream);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          // No row: nothing was ever appended, or the stream expired or was deleted.
          return from != null && from.epoch() == null
              ? Replay.events(List.of())
              : Replay.gap(Ids.BEFORE_ANY);
        }
        String current = rs.getString("stream_epoch");
        long last = rs.getLong("last_n");
        String latest = Ids.of(current, last);
        if (from == null
            || (from.epoch() != null && !from.epoch().equals(current))
            || from.n() > last) {
          return Replay.gap(latest);
        }
        if (from.n() == last) {
          return Replay.events(List.of());
        }
        List<SseEvent> events = new ArrayList<>();
        long expected = from.n() + 1;
        do {
          rs.getLong("n");
          if (rs.wasNull() || rs.getLong("n") != expected++) {
            return Replay.gap(latest); // trimmed: the event after the client's is gone
          }
          events.add(Ids.event(rs));
        } while (rs.next());
        return events.size() > limit ? Replay.gap(latest) : Replay.events(events);
      }
    }
  }

  /**
   * The newest event of a stream's current life.
   *
   * @param c a connection
   * @param stream the stream's name
   * @return the event, or empty
   * @throws SQLException if the read fails
   */
  public Optional<SseEvent> latest(Connection c, String stream) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(tables.latest)) {
      ps.setString(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Ids.event(rs)) : Optional.empty();
      }
    }
  }

  /** Where a stream is: its epoch (null when it has no row) and its last number. */
  public record Position(String epoch, long n) {}

  /**
   * Where a stream is now, for a new follower.
   *
   * @param c a connection
   * @param stream the stream's name
   * @return the position
   * @throws SQLException if the read fails
   */
  public Position position(Connection c, String stream) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(tables.position)) {
      ps.setString(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Position(rs.getString(1), rs.getLong(2)) : new Position(null, 0);
      }
    }
  }
}
