package dev.seam.sse.internal;

import dev.seam.CallOptions;
import dev.seam.SeamClock;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseOverflow;
import dev.seam.sse.SseProducer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream: the buffer between its producer and the client, the {@link StreamWriter}
 * that drains it, the keep-alive timer, and the way it ends.
 *
 * <p>Threads: the producer sends on its seam worker; the stream's writer loop runs on one of the
 * endpoint's few shared writer threads at a time, and only while it can write; keep-alive ticks and
 * write deadlines fire on the endpoint's clock; a disconnect may be reported by the server on its
 * own threads. Whichever notices first that the stream is over closes the buffer (exactly once),
 * cancels the producer and releases the slot.
 */
public final class Connection {
  /**
   * One INFO line per stream when it ends: the seam, path and query, client, how long it was open,
   * the events queued for it, why it ended, and what became of its producer (had returned, never
   * ran, stopped at once or N ms after the cancel, or still running a second after it). Its own
   * logger, so an application with many short streams can turn it down without losing the
   * endpoint's warnings.
   */
  private static final Logger CLOSED = LoggerFactory.getLogger("dev.seam.sse.closed");

  // Where the producer is with its seam worker, so that the endpoint's worker count is given back
  // exactly once: by the body when it ran, else by the future's completion (dropped, rejected). A
  // broadcast subscriber has no producer and starts as NEVER_RAN.
  private static final int PENDING = 0;
  private static final int PRODUCING = 1;
  private static final int NEVER_RAN = 2;

  private final Streams streams;
  private final Transport transport;
  private final RequestSnapshot request;
  private final String key;
  private final boolean holdsWorker;
  private final SseConfig config;
  private final SeamClock clock;
  private final EventBuffer buffer;
  private final StreamWriter writer;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicInteger worker = new AtomicInteger(PENDING);
  private volatile CompletableFuture<Void> producer;
  // What became of the producer once its stream ended, for the close line: where it was at the
  // cancel, when the cancel came and when it returned (-1: not yet / never).
  private volatile String producerName;
  private volatile Thread producerThread;
  private volatile String producerFrame;
  private volatile long cancelledAtNanos = -1;
  private volatile long returnedNanos = -1;
  private volatile String closeLine; // set by release, logged once the producer's fate is known
  private final AtomicBoolean closeLogged = new AtomicBoolean();
  private volatile SeamClock.Scheduled stillRunningTimer;
  private volatile SeamClock.Scheduled keepAliveTimer;
  private volatile String lastSentId;
  // A broadcast subscriber still catching up: queues more of its backlog once its buffer drains.
  private volatile BooleanSupplier backlog;
  // Read and written by the keep-alive ticks only, one after another on the endpoint's clock.
  private long flushesAtTick;
  private int ticks;
  private final long openedNanos;
  private final java.util.concurrent.atomic.LongAdder events =
      new java.util.concurrent.atomic.LongAdder();

  Connection(
      Streams streams, Transport transport, RequestSnapshot request, String key, boolean producer) {
    this.streams = streams;
    if (!producer) {
      worker.set(NEVER_RAN); // a broadcast subscriber: no seam call, no worker to wait for
    }
    this.transport = transport;
    this.request = request;
    this.key = key;
    this.holdsWorker = producer;
    this.config = streams.config();
    this.clock = streams.clock();
    this.buffer = new EventBuffer(config.bufferCapacity());
    this.openedNanos = clock.nanoTime();
    this.writer = new StreamWriter(this, transport, buffer, streams);
  }

  String key() {
    return key;
  }

  /** Whether a producer will hold a seam worker for this stream (not a broadcast subscriber). */
  boolean holdsWorker() {
    return holdsWorker;
  }

  RequestSnapshot request() {
    return request;
  }

  SseConfig streamsConfig() {
    return config;
  }

  CompletableFuture<Void> closed() {
    return closed;
  }

  EventBuffer buffer() {
    return buffer;
  }

  void startKeepAlive() {
    keepAliveTimer = clock.schedule(this::tick, tickNanos());
  }

  /** Ticks come twice per keep-alive interval; see {@link #tick()} for why. */
  private long tickNanos() {
    return Math.max(1, config.keepAlive().toNanos() / 2);
  }

  void start(SseProducer task) {
    producerName = ProducerFate.className(task);
    startKeepAlive();
    // A healthy stream holds its worker for minutes and ends by its stream timeout, the client
    // leaving or shutdown: long-lived, so none of that is a slow, timed-out or cancelled call.
    CallOptions options =
        CallOptions.timeout(config.streamTimeout()).withInterruptOnCancel(true).withLongLived(true);
    CompletableFuture<Void> f =
        config
            .seam()
            .call(
                options,
                call -> {
                  if (!worker.compareAndSet(PENDING, PRODUCING)) {
                    return null; // completed (cancelled) just before the body began: never run
                  }
                  producerThread = Thread.currentThread();
                  try {
                    task.produce(new Emitter(this, call));
                  } catch (Throwable t) {
                    if (!buffer.isWritable()) {
                      // The stream ended first (client gone, shutdown) and the producer failed on
                      // its next send: that is the stream's end, not the producer's failure.
                      cancelProducer();
                    }
                    throw t;
                  } finally {
                    returnedNanos = clock.nanoTime();
                    producerThread = null;
                    streams.workerFreed();
                    logClose(); // if the stream's end was waiting to say how the producer stopped
                  }
                  return null;
                });
    producer = f;
    if (buffer.isClosed()) {
      f.cancel(true);
    }
    CompletableFuture<?> unused =
        f.whenComplete(
            (v, t) -> {
              if (worker.compareAndSet(PENDING, NEVER_RAN)) {
                streams.workerFreed();
              }
              Outcomes.producerDone(this, t);
            });
  }

  // ---- producer side

  void send(SseEvent event, SseOverflow policy) throws IOException {
    offer(Item.event(event.event(), WireFormat.encode(event)), policy);
    events.increment();
    if (event.id() != null) {
      lastSentId = event.id();
    }
  }

  /**
   * The failure event with the marker id: the count of failed streams in a row and the id the
   * client should resume from. The count starts again only when this stream moved the client on:
   * its last id differs from the one the client came with. A producer that re-sends the ids the
   * client already has before failing again is failing in a row, however many events it sends.
   */
  SseEvent withFailureMarker(SseEvent failure) {
    String sent = lastSentId;
    String had = request.lastEventId().orElse(null);
    boolean movedOn = sent != null && !sent.equals(had);
    int failures = (movedOn ? 0 : request.failedStreams()) + 1;
    String previous = sent != null ? sent : had;
    try {
      return failure.id(FailureMarker.id(failures, previous));
    } catch (IllegalArgumentException e) { // a NUL in the client's id: keep the count only
      return failure.id(FailureMarker.id(failures, null));
    }
  }

  /** Queues an encoded event; a broadcast never blocks, so BLOCK acts as DISCONNECT there. */
  void offerBroadcast(Item item) throws IOException {
    SseOverflow policy = config.overflow();
    // The sender fans out to every subscriber: the writers write, in parallel, not the sender.
    if (offerOnly(item, policy == SseOverflow.BLOCK ? SseOverflow.DISCONNECT : policy)) {
      startDrain();
    }
    events.increment();
  }

  /**
   * For a subscriber whose events a log holds: queues a broadcast event if the buffer has room, and
   * otherwise returns false and leaves the stream open, so that the broadcast can send what it
   * missed from the log instead of ending it. Under {@link SseOverflow#LATEST_ONLY} the policy
   * applies as usual. Only the broadcast's fan-out adds events to a subscriber's buffer, under its
   * monitor, and writers only take them, so the room seen here cannot shrink before the offer.
   *
   * @return false if the buffer was full and nothing was queued
   */
  boolean offerBroadcastIfRoom(Item item) throws IOException {
    if (config.overflow() != SseOverflow.LATEST_ONLY && buffer.room() <= 0) {
      return false;
    }
    offerBroadcast(item);
    return true;
  }

  private void offer(Item item, SseOverflow policy) throws IOException {
    offerOnly(item, policy);
    // The producer writes its own event when that cannot block, also when a drain had started
    // already: a drain waiting in the writers' queue (a keep-alive's) is taken over, not waited
    // for; one under way sees the signal and writes the event before it stops.
    writer.signalHere();
  }

  private boolean offerOnly(Item item, SseOverflow policy) throws IOException {
    try {
      return buffer.offer(item, policy, clock, config.writeDeadline().toNanos());
    } catch (Overflow e) {
      gone(e.getMessage());
      throw e;
    }
  }

  /**
   * Sets (or, with null, removes) what refills the buffer when the writer has emptied it: a
   * catch-up's backlog, paced by the writer rather than pushed into the buffer at once.
   */
  void refillWith(BooleanSupplier refill) {
    backlog = refill;
  }

  /**
   * Called by the writer, on its thread, when the buffer is empty.
   *
   * @return true if events were queued
   */
  boolean refill() {
    BooleanSupplier b = backlog;
    return b != null && b.getAsBoolean();
  }

  void open() throws IOException {
    if (buffer.offerControl(Item.OPEN)) {
      startDrain();
    }
  }

  /** Ends the stream after what is queued, with {@code last} (error, farewell) if not null. */
  void end(SseEvent last) {
    if (buffer.end(last == null ? null : Item.event(last.event(), WireFormat.encode(last)))) {
      startDrain();
    }
  }

  /** Answers with a status if nothing was sent yet; false if the stream had already started. */
  boolean rejectIfUnstarted(int status, long retryAfterSeconds, String body) {
    if (!buffer.endUnstarted()) {
      return false;
    }
    buffer.close("answered with status " + status);
    cancelProducer();
    release(
        "answered with status "
            + status); // before answering, so a client that comes straight back finds the slot free
    transport.reject(status, retryAfterSeconds, body);
    return true;
  }

  /**
   * Answers "come back later" as the endpoint is configured if nothing was sent yet; false if the
   * stream had already started.
   *
   * @param wire the generic reason the client sees (one of {@link Refusals}' constants)
   * @param detail the reason the server log gives
   */
  boolean refuseIfUnstarted(String wire, String detail) {
    if (!buffer.endUnstarted()) {
      return false;
    }
    buffer.close("refused: " + detail);
    cancelProducer();
    release("refused: " + detail);
    streams.refusals().refuse(transport, request, wire, detail);
    return true;
  }

  /**
   * Ends a started stream with a {@code retry:} hint and a generic comment, so the client comes
   * back with its id; the detail goes to the server log under the comment's reference.
   */
  void endComeBackLater(String wire, String detail) {
    long base = Math.max(1, config.retryAfter().toMillis());
    long hint = base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1);
    end(SseEvent.comment(Refusals.logged(request, wire, detail)).retry(Duration.ofMillis(hint)));
  }

  /** Shutdown: a farewell (or a refusal if nothing was sent yet), then the producer cancelled. */
  void shutdown(SseEvent farewell) {
    if (!refuseIfUnstarted(Refusals.SHUTTING_DOWN, "endpoint closing")) {
      // The producer is cancelled once the farewell is written (finish), or at the grace (gone),
      // not now: it may be writing its own event this moment, and an interrupt during socket I/O
      // closes the socket before the farewell. Its next send fails at once: the stream is ending.
      end(farewell);
    }
  }

  // ---- writer side

  private void startDrain() {
    writer.signal();
  }

  /** The transport can take writes again (a non-blocking transport's callback). */
  public void writable() {
    writer.signalHere();
  }

  private void tick() {
    if (buffer.isClosed()) {
      return;
    }
    // Still queued behind other work on a shared seam after a whole interval: refuse rather than
    // leave the client without headers (a keep-alive would send them) or events. Ticks come every
    // half interval: the second is the first a whole interval after the start, and the first
    // sends nothing to a stream whose producer has not started, so the refusal stays possible.
    ticks++;
    if (worker.get() == PENDING) {
      if (ticks < 2) {
        keepAliveTimer = clock.schedule(this::tick, tickNanos());
        return;
      }
      // Only a call that waits in the seam's queue is refused; one that has its worker and whose
      // thread is slow to start (a loaded machine) gets the keep-alive, and so its headers.
      if (config.seam().stats().queued() > 0
          && refuseIfUnstarted(
              Refusals.BUSY,
              "no worker of seam '" + config.seam().name() + "' free to start the stream")) {
        return;
      }
    }
    // The probe that finds a vanished client is two flushed writes: after a client closes, the
    // first write to its socket still succeeds and the second fails. A stream that flushed twice
    // since the last tick has just made that probe itself, so it needs no keep-alive, which keeps
    // keep-alive writes (and their hand-off to a writer) off streams that send events. Ticking
    // every half interval still finds a client that vanished within one interval: of the two
    // ticks that follow the disconnect inside that interval, the second either sees two flushes
    // made after the disconnect (the second of which failed) or probes. An idle stream probes on
    // every other tick, since the tick after a probe sees the probe's own two flushes: one comment
    // per interval, as before.
    long flushes = writer.flushes();
    boolean probedItself = flushes - flushesAtTick >= 2;
    flushesAtTick = flushes;
    if (!probedItself && buffer.offerKeepAliveIfIdle()) {
      startDrain();
    }
    keepAliveTimer = clock.schedule(this::tick, tickNanos());
  }

  // ---- ending

  /** The client is gone or unwritable: drop the queue, cancel the producer, abort the response. */
  public void gone(String reason) {
    if (!buffer.close(reason)) {
      return;
    }
    cancelProducer();
    writer.interruptBlockedWrite(); // and the writer loop aborts the response
    release(reason);
  }

  /** The writer wrote the end of the stream; it closes the transport itself. */
  void finish() {
    buffer.close("stream ended");
    cancelProducer();
    release("stream ended");
  }

  private void cancelProducer() {
    CompletableFuture<Void> f = producer;
    if (f != null) {
      Thread t = producerThread;
      if (t != null && cancelledAtNanos < 0 && returnedNanos < 0) {
        producerFrame = ProducerFate.userFrame(t); // where it is as its stream ends
        cancelledAtNanos = clock.nanoTime();
      }
      f.cancel(true);
    }
  }

  private void release(String reason) {
    if (released.compareAndSet(false, true)) {
      if (CLOSED.isInfoEnabled()) {
        closeLine =
            "seam '"
                + config.seam().name()
                + "' SSE stream "
                + request.pathAndQuery()
                + " from "
                + request.client()
                + " closed after "
                + dev.seam.internal.Durations.formatNanos(clock.nanoTime() - openedNanos)
                + ", "
                + events.sum()
                + " event(s): "
                + reason;
        if (!logClose() && holdsWorker) {
          // The producer is still running: say how it stopped when it returns, or that it did
          // not within a while.
          try {
            stillRunningTimer =
                clock.schedule(this::logStillRunning, ProducerFate.STILL_RUNNING_AFTER_NANOS);
          } catch (RuntimeException e) { // the endpoint's clock has stopped: say it now
            logStillRunning();
          }
          if (closeLogged.get()) { // the producer returned meanwhile
            cancelStillRunningTimer();
          }
        }
      }
      SeamClock.Scheduled t = keepAliveTimer;
      if (t != null) {
        t.cancel();
      }
      streams.release(this);
      closed.complete(null);
    }
  }

  /**
   * Logs the close line once the producer's fate is known: it never ran, had returned, or returned
   * after the cancel. Returns whether the line was logged (now or before).
   */
  private boolean logClose() {
    String line = closeLine;
    if (line == null) {
      return false; // the stream has not ended yet
    }
    long returned = returnedNanos;
    int w = worker.get();
    String fate;
    if (!holdsWorker) {
      fate = null; // a broadcast subscriber: no producer of its own
    } else if (w != PRODUCING) {
      fate = "producer " + producerName + " never ran";
    } else if (returned < 0) {
      return closeLogged.get(); // still running
    } else {
      fate = ProducerFate.stopped(producerName, producerFrame, cancelledAtNanos, returned);
    }
    if (closeLogged.compareAndSet(false, true)) {
      CLOSED.info(fate == null ? line : line + "; " + fate);
    }
    cancelStillRunningTimer();
    return true;
  }

  private void cancelStillRunningTimer() {
    SeamClock.Scheduled t = stillRunningTimer;
    if (t != null) {
      t.cancel();
    }
  }

  /** The bound passed and the producer has not returned from its cancel. */
  private void logStillRunning() {
    if (logClose() || !closeLogged.compareAndSet(false, true)) {
      return;
    }
    long since = clock.nanoTime() - cancelledAtNanos;
    CLOSED.info(closeLine + "; " + ProducerFate.stillRunning(producerName, producerFrame, since));
  }
}
