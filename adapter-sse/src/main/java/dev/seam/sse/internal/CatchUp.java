package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber between its arrival and the moment it is certainly live: it collects the live events
 * that arrive while its replay is read, then sends the replay and whatever of those is newer, and
 * keeps comparing ids until the live events overtake the newest id it has sent. That last step is
 * what makes a resume on another server exact: this server's follower may still be behind the id
 * the client brings from the server it left.
 *
 * <p>Not thread-safe: {@link Broadcast} calls it under its monitor.
 */
final class CatchUp {
  private final Connection connection;
  private final SseEventLog log;
  private final int limit;
  private List<SseEvent> pending = new ArrayList<>();
  private String watermark;

  CatchUp(Connection connection, SseEventLog log, int limit) {
    this.connection = connection;
    this.log = log;
    this.limit = limit;
  }

  Connection connection() {
    return connection;
  }

  /**
   * A live event.
   *
   * @return true once the subscriber is live: every later live event is newer than what it has
   */
  boolean live(SseEvent e, Item item) throws IOException {
    if (pending != null) {
      if (pending.size() >= limit) {
        // As many events as its buffer holds arrived while it caught up: it would overflow anyway.
        connection.gone("buffer full (" + limit + " events) while catching up");
        throw new Overflow("overflow while catching up");
      }
      pending.add(e);
      return false;
    }
    if (newer(e)) {
      connection.offerBroadcast(item != null ? item : encode(e));
      watermark = e.id();
      return true;
    }
    return false;
  }

  /**
   * Sends the replay (or one {@code resync} event) and the newer collected events.
   *
   * @param replay what the log returned, or null when the client brought no id
   * @param lastEventId the client's id, or null
   * @return true if the subscriber is live already
   */
  boolean finish(SseEventLog.Replay replay, String lastEventId) throws IOException {
    List<SseEvent> collected = pending;
    pending = null;
    if (replay != null) {
      if (replay.isGap()) {
        SseEvent resync = SseEvent.of("resync", replay.latestId()).id(replay.latestId());
        connection.offerBroadcast(encode(resync));
        watermark = replay.latestId();
      } else {
        watermark = lastEventId;
        for (SseEvent e : replay.events()) {
          send(e);
        }
      }
    }
    boolean live = watermark == null;
    for (SseEvent e : collected) {
      live |= send(e);
    }
    return live;
  }

  private boolean send(SseEvent e) throws IOException {
    if (!newer(e)) {
      return false;
    }
    connection.offerBroadcast(encode(e));
    watermark = e.id();
    return true;
  }

  private boolean newer(SseEvent e) {
    return watermark == null || log.compareIds(e.id(), watermark) > 0;
  }

  static Item encode(SseEvent e) {
    return Item.event(e.event(), WireFormat.encode(e));
  }
}
