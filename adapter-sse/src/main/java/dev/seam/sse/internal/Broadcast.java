package dev.seam.sse.internal;

import dev.seam.sse.SseEmitter;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One stream's events fanned out to this server's subscribers, each through its own bounded buffer.
 * Without a log, {@link #send} queues the event for every subscriber itself. With an {@link
 * SseEventLog}, {@code send} appends to the log, and the events reach subscribers through the log's
 * follower, one per broadcast while it has subscribers: on every server that shares the log, the
 * subscribers get the events in the log's order, and a client resumes from its {@code
 * Last-Event-ID} on any of them. A stream is either {@link #subscribe subscribed} (no producer, no
 * thread) or {@link #join joined} by a producer that waits on a seam worker.
 *
 * <p>Thread-safe. This object's monitor is held only while events are queued into buffers, which
 * never blocks, so one slow subscriber cannot hold up the others, the sender or the log's follower
 * thread. It is never held while calling the log, except {@link SseEventLog#follow}, which must not
 * block.
 */
public final class Broadcast {
  private final String name;
  private final SseEventLog log;
  private final Set<Connection> subscribers = new LinkedHashSet<>();
  private final Map<Connection, CatchUp> joining = new LinkedHashMap<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private Tail tail;

  /** The id of the newest event the log's follower delivered here; null before the first. */
  private String lastFanned;

  /**
   * Creates a broadcast.
   *
   * @param name the stream's name in the log, and in messages
   * @param log keeps and numbers the events, or null for none (no replay; ids as given)
   */
  public Broadcast(String name, SseEventLog log) {
    this.name = name;
    this.log = log;
  }

  /** The log's follower for this broadcast: stale once replaced, so a late call is ignored. */
  private final class Tail implements SseEventLog.Follower {
    SseEventLog.Following following;

    @Override
    public void event(SseEvent event) {
      List<CatchUp> behind;
      synchronized (Broadcast.this) {
        if (tail != this) {
          return;
        }
        behind = fanOut(event);
      }
      // Outside the monitor, as every read of the log: subscribers that fell behind catch up.
      for (CatchUp j : behind) {
        Connection c = j.connection();
        if (c.closed().isDone()) {
          // Closed before it was moved to catching up: its close handler may have left already,
          // so leave again, or it would hold the follower for a client that has gone.
          leave(c);
          continue;
        }
        c.refillWith(() -> refill(j));
        next(j, CatchUp.Step.READ, j.watermark());
      }
    }

    @Override
    public void failed(Exception cause) {
      List<Connection> toEnd;
      synchronized (Broadcast.this) {
        if (tail != this) {
          return;
        }
        tail = null;
        toEnd = new ArrayList<>(subscribers);
        toEnd.addAll(joining.keySet());
        subscribers.clear();
        joining.clear();
      }
      for (Connection c : toEnd) {
        comeBackLater(c, "event log stopped following '" + name + "': " + cause.getMessage());
      }
    }
  }

  /**
   * Sends an event to every subscriber, through the log when there is one (which gives it its id).
   *
   * @param event the event
   * @return the id the event was sent with, or null
   * @throws IllegalStateException if the broadcast is closed
   * @throws dev.seam.sse.SseEventLogException if the log did not store it
   */
  public String send(SseEvent event) {
    if (log != null) {
      checkOpen();
      return log.append(name, event);
    }
    synchronized (this) {
      checkOpen();
      List<CatchUp> none = fanOut(event); // without a log, a full subscriber is dropped
      assert none.isEmpty();
    }
    return event.id();
  }

  private void checkOpen() {
    if (closed.isDone()) {
      throw new IllegalStateException("broadcast '" + name + "' is closed");
    }
  }

  /**
   * Queues an event for every subscriber. With a log, a live subscriber whose buffer is full (a
   * slow client, or a burst the follower read at once) is not ended: it goes back to catching up
   * from the log after the last event it was given, paced by its writer like a resuming client, so
   * a burst never turns into a reconnect storm. Without a log there is nothing to catch up from,
   * and the overflow policy ends it.
   *
   * @return the subscribers that fell behind, whose catch-up the caller starts outside the monitor
   */
  private List<CatchUp> fanOut(SseEvent event) {
    Item item = CatchUp.encode(event);
    List<Connection> dropped = new ArrayList<>();
    List<CatchUp> behind = new ArrayList<>(0);
    String after = lastFanned;
    if (log != null) {
      lastFanned = event.id();
    }
    // A copy: a subscriber that overflows closes, and its close handler leaves on this thread.
    for (Connection c : subscribers.toArray(new Connection[0])) {
      try {
        if (log == null || after == null) {
          c.offerBroadcast(item);
        } else if (!c.offerBroadcastIfRoom(item)) {
          // It has every event up to 'after', the one the follower delivered before this one.
          CatchUp j = new CatchUp(c, log, c.streamsConfig().bufferCapacity(), after);
          dropped.add(c);
          behind.add(j);
        }
      } catch (IOException ex) {
        dropped.add(c);
      }
    }
    dropped.forEach(subscribers::remove);
    if (!joining.isEmpty()) {
      catchUpsSee(event, item);
    }
    // After the catch-ups saw this event: the log's read after 'after' brings it to these.
    behind.forEach(j -> joining.put(j.connection(), j));
    return behind;
  }

  /** Under the monitor: a live event for the subscribers still catching up. */
  private void catchUpsSee(SseEvent event, Item item) {
    List<CatchUp> live = new ArrayList<>();
    for (CatchUp j : List.copyOf(joining.values())) {
      try {
        if (j.live(event, item)) {
          live.add(j);
        }
      } catch (IOException ex) {
        joining.remove(j.connection());
      }
    }
    for (CatchUp j : live) {
      joining.remove(j.connection());
      subscribers.add(j.connection());
    }
  }

  /**
   * Subscribes a stream that has no producer: it catches up, then gets every event until the client
   * leaves, the broadcast closes or the endpoint shuts down. Holds no thread. Without a log, or
   * with the in-memory log, it gets the headers at once; with a remote log, once the log is
   * following and the replay is read, or, if the log cannot be reached, a come-back-later answer. A
   * closed broadcast answers 204: the stream is over, and an {@code EventSource} stops.
   *
   * @param c the admitted stream
   */
  public void subscribe(Connection c) {
    CompletableFuture<Boolean> caughtUp = register(c, c.request().lastEventId());
    if (caughtUp == null) {
      c.rejectIfUnstarted(204, 0, "");
      return;
    }
    CompletableFuture<?> unused =
        caughtUp.thenAccept(
            ok -> {
              if (ok) {
                try {
                  c.open();
                } catch (IOException e) {
                  // closed meanwhile (client gone, shutdown): its end already removed it
                }
              }
            });
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
    CompletableFuture<Boolean> caughtUp = register(c, emitter.request().lastEventId());
    if (caughtUp == null) {
      return;
    }
    try {
      if (!caughtUp.get()) {
        return; // answered already: the log could not be read, or the stream closed
      }
      emitter.open();
      CompletableFuture.anyOf(c.closed(), closed).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // none of these futures ever fails
    } finally {
      leave(c);
    }
  }

  /**
   * Starts a subscriber's catch-up; null if the broadcast is closed. The future tells whether the
   * stream may open (false: it was answered or closed meanwhile) and never fails.
   */
  private CompletableFuture<Boolean> register(Connection c, Optional<String> lastEventId) {
    CompletableFuture<Void> ready;
    CatchUp j = null;
    String from = lastEventId.orElse(null);
    synchronized (this) {
      if (closed.isDone()) {
        return null;
      }
      if (log == null) {
        subscribers.add(c);
        ready = null;
      } else {
        j = new CatchUp(c, log, c.streamsConfig().bufferCapacity(), from);
        joining.put(c, j);
        ready = following();
      }
    }
    CompletableFuture<?> unused = c.closed().whenComplete((v, t) -> leave(c));
    if (ready == null) {
      return CompletableFuture.completedFuture(true);
    }
    CatchUp catchUp = j;
    c.refillWith(() -> refill(catchUp));
    return ready
        .thenCompose(
            v ->
                from == null
                    ? CompletableFuture.<SseEventLog.Replay>completedFuture(null)
                    : log.readAfter(name, from))
        .handle((replay, t) -> t != null ? readFailed(catchUp, t) : readDone(catchUp, replay));
  }

  private boolean readFailed(CatchUp j, Throwable t) {
    Connection c = j.connection();
    leave(c);
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    comeBackLater(c, "event log unavailable for '" + name + "': " + cause.getMessage());
    return false;
  }

  /** A read of the log is back: the catch-up sends it as the buffer allows. */
  private boolean readDone(CatchUp j, SseEventLog.Replay replay) {
    CatchUp.Step step;
    String after;
    synchronized (this) {
      if (joining.get(j.connection()) != j) {
        return false; // left, or the broadcast closed, or the log stopped following meanwhile
      }
      j.read(replay);
      step = feed(j);
      after = j.watermark();
    }
    return next(j, step, after);
  }

  /** The writer emptied a catching-up subscriber's buffer; on its thread. */
  private boolean refill(CatchUp j) {
    CatchUp.Step step;
    String after;
    int queued;
    synchronized (this) {
      if (joining.get(j.connection()) != j) {
        return false;
      }
      step = feed(j);
      queued = j.queued();
      after = j.watermark();
    }
    next(j, step, after);
    return queued > 0;
  }

  /** Under the monitor: queues what fits; null if the stream closed meanwhile. */
  private CatchUp.Step feed(CatchUp j) {
    Connection c = j.connection();
    try {
      CatchUp.Step step = j.feed();
      if (step == CatchUp.Step.LIVE) {
        joining.remove(c);
        subscribers.add(c);
      }
      return step;
    } catch (IOException e) {
      joining.remove(c); // closed meanwhile (client gone, shutdown): its end already removed it
      return null;
    }
  }

  /** Outside the monitor: reads the log again when live events outran the catch-up. */
  private boolean next(CatchUp j, CatchUp.Step step, String after) {
    if (step == null) {
      return false;
    }
    switch (step) {
      case READ -> {
        CompletableFuture<?> unused =
            log.readAfter(name, after)
                .handle((r, t) -> t != null ? readFailed(j, t) : readDone(j, r));
      }
      case LIVE, STREAMING -> j.connection().refillWith(null);
      case WAIT -> {}
    }
    return true;
  }

  /** The log's follower, started for the first subscriber; called under the monitor. */
  private CompletableFuture<Void> following() {
    if (tail == null) {
      Tail t = new Tail();
      tail = t;
      lastFanned = null; // a new follower's first event need not follow the last one's
      t.following = log.follow(name, t);
    }
    return tail.following.ready();
  }

  private void leave(Connection c) {
    SseEventLog.Following stop = null;
    synchronized (this) {
      subscribers.remove(c);
      joining.remove(c);
      if (tail != null && subscribers.isEmpty() && joining.isEmpty()) {
        stop = tail.following; // a stream nobody watches here costs this server nothing
        tail = null;
      }
    }
    if (stop != null) {
      stop.close();
    }
  }

  /** The log cannot serve the stream now: a retry hint, so the client resumes with its id later. */
  private static void comeBackLater(Connection c, String reason) {
    if (!c.refuseIfUnstarted(Refusals.UNAVAILABLE, reason)) {
      c.endComeBackLater(Refusals.UNAVAILABLE, reason);
    }
  }

  /**
   * Subscribers now, counting those still catching up.
   *
   * @return the count
   */
  public synchronized int subscribers() {
    return subscribers.size() + joining.size();
  }

  /** Ends every subscriber's stream cleanly after what it has queued; later sends fail. */
  public void close() {
    List<Connection> toEnd;
    SseEventLog.Following stop = null;
    synchronized (this) {
      if (!closed.complete(null)) {
        return;
      }
      toEnd = new ArrayList<>(subscribers);
      toEnd.addAll(joining.keySet());
      joining.clear();
      if (tail != null) {
        stop = tail.following;
        tail = null;
      }
    }
    if (stop != null) {
      stop.close();
    }
    // A joined producer would end its stream when join returns; ending it here does the same for
    // subscribers without one, and is a no-op the second time.
    for (Connection c : toEnd) {
      c.end(null);
    }
  }
}
