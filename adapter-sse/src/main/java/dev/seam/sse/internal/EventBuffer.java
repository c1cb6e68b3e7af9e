package dev.seam.sse.internal;

import dev.seam.SeamClock;
import dev.seam.internal.Durations;
import dev.seam.sse.SseOverflow;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * A stream's bounded queue of encoded events between the producer and the writer, applying the
 * overflow policy. It also tracks whether a writer is draining it, so that at most one writer
 * thread works on a stream at a time, and whether the stream has started (something was queued for
 * the client, after which a failure can no longer become an HTTP status).
 *
 * <p>Thread-safe: every method holds this object's monitor, and a blocked producer waits on it.
 */
final class EventBuffer {
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final int capacity;
  private int events;
  private boolean draining;
  private boolean started;
  private boolean ending;
  private String closedReason;
  private long dropped;
  private int maxEvents;

  EventBuffer(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues an event under the policy.
   *
   * @return true if the caller must start a drain
   */
  synchronized boolean offer(Item item, SseOverflow policy, SeamClock clock, long blockNanos)
      throws IOException {
    checkOpen();
    if (events >= capacity) {
      switch (policy) {
        case LATEST_ONLY -> conflate(item);
        case DISCONNECT ->
            throw new Overflow("buffer full (" + capacity + " events) with policy DISCONNECT");
        case BLOCK -> awaitRoom(clock, blockNanos);
      }
    }
    return add(item);
  }

  /** Queues a control step (keep-alive, open, farewell) that does not count against capacity. */
  synchronized boolean offerControl(Item item) throws IOException {
    checkOpen();
    return add(item);
  }

  /** Queues a keep-alive only if nothing is waiting to be written; false when none was needed. */
  synchronized boolean offerKeepAliveIfIdle() {
    if (closedReason != null || ending || !queue.isEmpty() || draining) {
      return false;
    }
    return add(Item.KEEP_ALIVE);
  }

  private boolean add(Item item) {
    queue.addLast(item);
    if (item.kind == Item.Kind.EVENT) {
      events++;
      maxEvents = Math.max(maxEvents, events);
    }
    started = true;
    if (draining) {
      return false;
    }
    draining = true;
    return true;
  }

  private void conflate(Item item) {
    for (Iterator<Item> it = queue.iterator(); it.hasNext(); ) {
      Item queued = it.next();
      if (queued.kind == Item.Kind.EVENT && Objects.equals(queued.eventName, item.eventName)) {
        it.remove();
        events--;
        dropped++;
      }
    }
    for (Iterator<Item> it = queue.iterator(); events >= capacity && it.hasNext(); ) {
      if (it.next().kind == Item.Kind.EVENT) {
        it.remove();
        events--;
        dropped++;
      }
    }
  }

  private void awaitRoom(SeamClock clock, long blockNanos) throws IOException {
    boolean[] expired = {false};
    SeamClock.Scheduled timer =
        clock.schedule(
            () -> {
              synchronized (this) {
                expired[0] = true;
                notifyAll();
              }
            },
            blockNanos);
    try {
      while (events >= capacity && closedReason == null && !expired[0]) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for room in the SSE buffer");
    } finally {
      timer.cancel();
    }
    checkOpen();
    if (events >= capacity) {
      throw new Overflow(
          "buffer full ("
              + capacity
              + " events) for the write deadline of "
              + Durations.formatNanos(blockNanos)
              + ": client not reading");
    }
  }

  private void checkOpen() throws IOException {
    if (closedReason != null) {
      throw new IOException("SSE stream closed: " + closedReason);
    }
    if (ending) {
      throw new IOException("SSE stream is ending");
    }
  }

  /** The next item for the writer, or null (and the drain ends) when the queue is empty. */
  synchronized Item poll() {
    Item item = closedReason == null ? queue.pollFirst() : null;
    if (item == null) {
      draining = false;
      return null;
    }
    if (item.kind == Item.Kind.EVENT) {
      events--;
      notifyAll();
    }
    return item;
  }

  /**
   * Marks the stream as ending: nothing more is accepted, and {@code last} (an error event, a
   * farewell, or null) and then the end step are queued.
   *
   * @return true if the caller must start a drain
   */
  synchronized boolean end(Item last) {
    if (closedReason != null || ending) {
      return false;
    }
    ending = true;
    if (last != null) {
      queue.addLast(last);
    }
    queue.addLast(Item.END);
    started = true;
    if (draining) {
      return false;
    }
    draining = true;
    return true;
  }

  /**
   * Starts the stream's end before anything was queued, so a failure can become a status.
   *
   * @return true if nothing had been queued (the caller may answer with a status)
   */
  synchronized boolean endUnstarted() {
    if (started || closedReason != null) {
      return false;
    }
    ending = true;
    started = true;
    return true;
  }

  /** Closes at once, dropping what is queued and waking a blocked producer. */
  synchronized boolean close(String reason) {
    if (closedReason != null) {
      return false;
    }
    closedReason = reason;
    queue.clear();
    events = 0;
    notifyAll();
    return true;
  }

  /** Events that may be queued now before the buffer is full; never negative. */
  synchronized int room() {
    return Math.max(0, capacity - events);
  }

  int capacity() {
    return capacity;
  }

  synchronized String closedReason() {
    return closedReason;
  }

  synchronized boolean isClosed() {
    return closedReason != null;
  }

  synchronized boolean isWritable() {
    return closedReason == null && !ending;
  }

  synchronized long dropped() {
    return dropped;
  }

  /** The most events ever queued at once; never above the capacity. */
  synchronized int maxQueued() {
    return maxEvents;
  }
}
