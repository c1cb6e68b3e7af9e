package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber between its arrival and the moment it is certainly live, paced by its writer: the
 * events it missed go to its buffer only as the buffer has room, so a client any distance behind
 * (as far as the log holds) catches up under the default buffer, however small.
 *
 * <p>What it missed comes from the log ({@link #read}); the live events that arrive meanwhile are
 * collected, up to the buffer's capacity. When more arrive than that, the collected ones are
 * dropped and, once the backlog is written, the log is read again after the newest id sent: the log
 * holds every event its follower has delivered, so nothing is lost, and ids filter what is sent
 * twice. Once the backlog, the collected events and the buffer are all empty the subscriber takes
 * live events directly, still comparing ids until the live events overtake the newest id it has
 * sent. That last step is what makes a resume on another server exact: this server's follower may
 * still be behind the id the client brings from the server it left.
 *
 * <p>Not thread-safe: {@link Broadcast} calls it under its monitor.
 */
final class CatchUp {
  /** What the caller does next, outside the broadcast's monitor. */
  enum Step {
    /** Nothing: the writer asks again when the buffer has drained, or a read is in flight. */
    WAIT,
    /** Read the log after {@link #watermark()} and pass the result to {@link #read}. */
    READ,
    /** Caught up; live events go to the buffer directly, once newer than what was sent. */
    STREAMING,
    /** Caught up, with nothing to compare: an ordinary subscriber from now on. */
    LIVE
  }

  private final Connection connection;
  private final SseEventLog log;
  private final int limit;
  private final ArrayDeque<SseEvent> backlog = new ArrayDeque<>();
  private final List<SseEvent> arrived = new ArrayList<>();
  private boolean missed;
  private boolean reading = true;
  private boolean streaming;
  private String watermark;
  private int queued;

  CatchUp(Connection connection, SseEventLog log, int limit, String lastEventId) {
    this.connection = connection;
    this.log = log;
    this.limit = limit;
    this.watermark = lastEventId;
  }

  Connection connection() {
    return connection;
  }

  /** The newest id queued for the client (or the client's own), from which a re-read starts. */
  String watermark() {
    return watermark;
  }

  /**
   * A live event.
   *
   * @return true once the subscriber is live: every later live event is newer than what it has
   */
  boolean live(SseEvent e, Item item) throws IOException {
    if (!streaming) {
      if (missed) {
        return false; // the next read brings it
      }
      if (arrived.size() >= limit) {
        arrived.clear();
        missed = true;
        return false;
      }
      arrived.add(e);
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
   * What the log returned: the events to send, or a gap (one {@code resync} event), or null when
   * the client brought no id.
   */
  void read(SseEventLog.Replay replay) {
    reading = false;
    if (replay == null) {
      return;
    }
    if (replay.isGap()) {
      backlog.clear();
      watermark = null; // the client's id is not the log's: resync sets the next one
      backlog.add(SseEvent.of("resync", replay.latestId()).id(replay.latestId()));
    } else {
      backlog.addAll(replay.events());
    }
  }

  /**
   * Queues as much of the backlog as the buffer has room for.
   *
   * @return what to do next
   */
  Step feed() throws IOException {
    queued = 0;
    if (reading || streaming) {
      return Step.WAIT;
    }
    while (true) {
      while (!backlog.isEmpty() && connection.buffer().room() > 0) {
        send(backlog.poll());
      }
      if (!backlog.isEmpty()) {
        return Step.WAIT;
      }
      if (missed) {
        missed = false;
        if (watermark != null) {
          reading = true;
          return Step.READ;
        }
        // Nothing sent and no id: the client starts from the live events, as if it came now.
      }
      if (!arrived.isEmpty()) {
        backlog.addAll(arrived);
        arrived.clear();
        continue;
      }
      if (connection.buffer().room() < connection.buffer().capacity()) {
        return Step.WAIT; // live events go straight to the buffer only once it has drained
      }
      streaming = true;
      return watermark == null ? Step.LIVE : Step.STREAMING;
    }
  }

  /** Events the last {@link #feed} queued. */
  int queued() {
    return queued;
  }

  private void send(SseEvent e) throws IOException {
    if (watermark != null && !newer(e)) {
      return;
    }
    connection.offerBroadcast(encode(e));
    watermark = e.id();
    queued++;
  }

  private boolean newer(SseEvent e) {
    return watermark == null || log.compareIds(e.id(), watermark) > 0;
  }

  static Item encode(SseEvent e) {
    return Item.event(e.event(), WireFormat.encode(e));
  }
}
