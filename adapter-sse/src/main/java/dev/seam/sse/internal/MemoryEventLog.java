package dev.seam.sse.internal;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The default event log: per stream, the last {@code capacity} events in memory, numbered from 1.
 *
 * <p>Thread-safe. Each stream's monitor orders appends, reads and the calls to its followers, which
 * run on the appending thread before {@link #append} returns (the in-process broadcast's contract:
 * once {@code send} returns, every subscriber has the event queued).
 */
public final class MemoryEventLog implements SseEventLog {
  private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

  private final int capacity;
  private final Map<String, Stream> streams = new HashMap<>();

  /**
   * Creates the log.
   *
   * @param capacity events kept per stream, at least 1
   */
  public MemoryEventLog(int capacity) {
    this.capacity = capacity;
  }

  private final class Stream {
    final ArrayDeque<SseEvent> events = new ArrayDeque<>();
    final List<Follower> followers = new CopyOnWriteArrayList<>();
    long lastId;

    synchronized String append(SseEvent event) {
      SseEvent e = event.id(++lastId);
      events.addLast(e);
      if (events.size() > capacity) {
        events.removeFirst();
      }
      for (Follower f : followers) {
        f.event(e);
      }
      return e.id();
    }

    synchronized Replay readAfter(String lastEventId) {
      long from;
      try {
        from = Long.parseLong(lastEventId.trim());
      } catch (NumberFormatException e) {
        from = -1;
      }
      long oldest = events.isEmpty() ? lastId + 1 : Long.parseLong(events.peekFirst().id());
      if (from < 0 || from > lastId || from < oldest - 1) {
        return Replay.gap(Long.toString(lastId));
      }
      List<SseEvent> missed = new ArrayList<>();
      for (SseEvent e : events) {
        if (Long.parseLong(e.id()) > from) {
          missed.add(e);
        }
      }
      return Replay.events(missed);
    }

    synchronized Optional<SseEvent> latest() {
      return Optional.ofNullable(events.peekLast());
    }
  }

  private synchronized Stream stream(String name) {
    return streams.computeIfAbsent(name, n -> new Stream());
  }

  @Override
  public String append(String stream, SseEvent event) {
    return stream(stream).append(event);
  }

  @Override
  public CompletableFuture<Replay> readAfter(String stream, String lastEventId) {
    return CompletableFuture.completedFuture(stream(stream).readAfter(lastEventId));
  }

  @Override
  public CompletableFuture<Optional<SseEvent>> latest(String stream) {
    return CompletableFuture.completedFuture(stream(stream).latest());
  }

  @Override
  public Following follow(String stream, Follower follower) {
    Stream s = stream(stream);
    s.followers.add(follower);
    return new Following() {
      @Override
      public CompletableFuture<Void> ready() {
        return READY;
      }

      @Override
      public void close() {
        s.followers.remove(follower);
      }
    };
  }

  @Override
  public int compareIds(String a, String b) {
    return Long.compare(parse(a), parse(b));
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an id of the in-memory SSE log: " + id, e);
    }
  }

  @Override
  public String toString() {
    return "SseEventLog.inMemory(" + capacity + ")";
  }
}
