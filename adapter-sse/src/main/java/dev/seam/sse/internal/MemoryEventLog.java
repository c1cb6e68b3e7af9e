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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The default event log: per stream, the last {@code capacity} events in memory, numbered from 1.
 *
 * <p>Ids are {@code <epoch>-<n>}: the epoch is drawn at random when the stream is created in this
 * log, so an id from another log (an earlier process, a broadcaster created again) is told apart
 * from this stream's own even when its number is in range, and that client gets a {@code resync}
 * instead of the wrong events. A plain {@code <n>} (an id from before ids carried the epoch) is
 * read as a number of this epoch, as it always was.
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
    final String epoch = newEpoch();
    long lastId;

    synchronized String append(SseEvent event) {
      SseEvent e = event.id(epoch + "-" + ++lastId);
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
      long from = numberOf(lastEventId, epoch);
      long oldest = events.isEmpty() ? lastId + 1 : numberOf(events.peekFirst().id(), epoch);
      if (from < 0 || from > lastId || from < oldest - 1) {
        return Replay.gap(epoch + "-" + lastId);
      }
      List<SseEvent> missed = new ArrayList<>();
      for (SseEvent e : events) {
        if (numberOf(e.id(), epoch) > from) {
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
    long n = numberOf(id, null);
    if (n < 0) {
      throw new IllegalArgumentException("not an id of the in-memory SSE log: " + id);
    }
    return n;
  }

  /**
   * The number in an id, or -1 when it is none of this epoch's.
   *
   * @param id {@code <epoch>-<n>}, or a plain {@code <n>}
   * @param epoch the epoch the id must carry, or null for any
   */
  private static long numberOf(String id, String epoch) {
    String s = id.trim();
    int dash = s.lastIndexOf('-');
    if (dash >= 0 && epoch != null && !s.substring(0, dash).equals(epoch)) {
      return -1; // another log's, or another life of this stream's: the client missed events
    }
    try {
      long n = Long.parseLong(s.substring(dash + 1));
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Six base-36 digits at random: two lives of a stream share one about once in 2 billion. */
  private static String newEpoch() {
    long lowest = 36L * 36 * 36 * 36 * 36; // the smallest six-digit number, so always six
    return Long.toString(ThreadLocalRandom.current().nextLong(lowest, lowest * 36), 36);
  }

  @Override
  public String toString() {
    return "SseEventLog.inMemory(" + capacity + ")";
  }
}
