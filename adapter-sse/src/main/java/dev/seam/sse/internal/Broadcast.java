package dev.seam.sse.internal;

import dev.seam.sse.SseEmitter;
import dev.seam.sse.SseEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One producer's events fanned out to many streams, each through its own bounded buffer, with an
 * optional bounded replay log of monotonic ids. A stream is either {@link #subscribe subscribed}
 * (no producer, no thread) or {@link #join joined} by a producer that waits on a seam worker.
 *
 * <p>Thread-safe. {@link #send} holds this object's monitor only while it queues the encoded event
 * into each subscriber's buffer, which never blocks, so one slow subscriber cannot hold up the
 * others or the sender.
 */
public final class Broadcast {
  private record Logged(long id, Item item) {}

  private final String name;
  private final int replayCapacity;
  private final ArrayDeque<Logged> log = new ArrayDeque<>();
  private final Set<Connection> subscribers = new LinkedHashSet<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private long lastId;

  /**
   * Creates a broadcast.
   *
   * @param name names it in messages
   * @param replayCapacity events kept for reconnecting clients; 0 for none
   */
  public Broadcast(String name, int replayCapacity) {
    this.name = name;
    this.replayCapacity = replayCapacity;
  }

  /**
   * Sends an event to every subscriber; with a replay log, gives it the next id first.
   *
   * @param event the event
   * @return the id the event was sent with, or null
   */
  public synchronized String send(SseEvent event) {
    if (closed.isDone()) {
      throw new IllegalStateException("broadcast '" + name + "' is closed");
    }
    SseEvent e = event;
    if (replayCapacity > 0) {
      e = e.id(++lastId);
    }
    Item item = Item.event(e.event(), WireFormat.encode(e));
    if (replayCapacity > 0) {
      log.addLast(new Logged(lastId, item));
      if (log.size() > replayCapacity) {
        log.removeFirst();
      }
    }
    List<Connection> dropped = new ArrayList<>();
    for (Connection c : subscribers) {
      try {
        c.offerBroadcast(item);
      } catch (IOException ex) {
        dropped.add(c);
      }
    }
    dropped.forEach(subscribers::remove);
    return e.id();
  }

  /**
   * Subscribes a stream that has no producer: it catches up, gets the headers at once, then every
   * event until the client leaves, the broadcast closes or the endpoint shuts down. Holds no
   * thread. A closed broadcast answers 204: the stream is over, and an {@code EventSource} stops.
   *
   * @param c the admitted stream
   */
  public void subscribe(Connection c) {
    boolean over;
    synchronized (this) {
      over = closed.isDone();
      if (!over) {
        try {
          catchUp(c, c.request().lastEventId());
        } catch (IOException e) {
          return; // the catch-up overflowed its buffer: the stream is closed already
        }
        subscribers.add(c);
      }
    }
    if (over) {
      c.rejectIfUnstarted(204, 0, "");
      return;
    }
    CompletableFuture<?> unused =
        c.closed()
            .whenComplete(
                (v, t) -> {
                  synchronized (this) {
                    subscribers.remove(c);
                  }
                });
    try {
      c.open();
    } catch (IOException e) {
      // closed meanwhile (client gone, shutdown): its end already removed it
    }
  }

  /**
   * Joins a stream to the broadcast until either ends, first replaying what it missed.
   *
   * @param emitter the stream's emitter
   * @throws IOException if the stream closed while catching up
   * @throws InterruptedException if the producer is cancelled
   */
  public void join(SseEmitter emitter) throws IOException, InterruptedException {
    if (!(emitter instanceof Emitter own)) {
      throw new IllegalArgumentException(
          "join needs the emitter a Seam SSE endpoint gave its producer, not " + emitter);
    }
    Connection c = own.connection();
    synchronized (this) {
      if (closed.isDone()) {
        return;
      }
      catchUp(c, emitter.request().lastEventId());
      subscribers.add(c);
    }
    try {
      emitter.open();
      CompletableFuture.anyOf(c.closed(), closed).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // neither future ever fails
    } finally {
      synchronized (this) {
        subscribers.remove(c);
      }
    }
  }

  private void catchUp(Connection c, Optional<String> lastEventId) throws IOException {
    if (replayCapacity == 0 || lastEventId.isEmpty()) {
      return;
    }
    long from;
    try {
      from = Long.parseLong(lastEventId.get().trim());
    } catch (NumberFormatException e) {
      from = -1;
    }
    long oldest = log.isEmpty() ? lastId + 1 : log.peekFirst().id();
    if (from < 0 || from > lastId || from < oldest - 1) {
      SseEvent resync = SseEvent.of("resync", Long.toString(lastId)).id(lastId);
      c.offerBroadcast(Item.event(resync.event(), WireFormat.encode(resync)));
      return;
    }
    for (Logged l : log) {
      if (l.id() > from) {
        c.offerBroadcast(l.item());
      }
    }
  }

  /**
   * Subscribers now.
   *
   * @return the count
   */
  public synchronized int subscribers() {
    return subscribers.size();
  }

  /** Ends every subscriber's stream cleanly after what it has queued; later sends fail. */
  public void close() {
    List<Connection> toEnd;
    synchronized (this) {
      if (!closed.complete(null)) {
        return;
      }
      toEnd = List.copyOf(subscribers);
    }
    // A joined producer would end its stream when join returns; ending it here does the same for
    // subscribers without one, and is a no-op the second time.
    for (Connection c : toEnd) {
      c.end(null);
    }
  }
}
