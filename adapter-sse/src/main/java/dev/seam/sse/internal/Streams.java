package dev.seam.sse.internal;

import dev.seam.SeamClock;
import dev.seam.SeamStats;
import dev.seam.sse.SseProducer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's engine: admission (open-stream caps), the open streams, the writer threads and the
 * clock, and shutdown.
 *
 * <p>Thread-safe; admission and the set of open streams are guarded by this object's monitor.
 */
public final class Streams {
  private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

  private final SseConfig config;
  private final SeamClock clock;
  private final SystemTimer ownTimer;
  private final ThreadPoolExecutor writers;
  private final Set<Connection> open = new LinkedHashSet<>();
  private final Map<String, Integer> perKey = new HashMap<>();
  private final Refusals refusals;
  private final int workerSlots;
  private int busyWorkers;
  private boolean warnedCaps;
  private boolean closing;
  private boolean closed;

  /**
   * Creates the engine and its threads.
   *
   * @param config the validated settings
   */
  public Streams(SseConfig config) {
    this.config = config;
    this.ownTimer = config.clock() == null ? new SystemTimer(config.name()) : null;
    this.clock = config.clock() == null ? ownTimer : config.clock();
    this.writers = Writers.create(config.name(), config.writerThreads());
    this.refusals = new Refusals(config.refusal(), config.retryAfter());
    this.workerSlots = config.seam().stats().maxConcurrency();
  }

  SseConfig config() {
    return config;
  }

  /**
   * The send buffer to set on a stream's socket.
   *
   * @return bytes, or 0 to leave the socket alone
   */
  public int socketSendBuffer() {
    return config.socketSendBuffer();
  }

  SeamClock clock() {
    return clock;
  }

  ThreadPoolExecutor writers() {
    return writers;
  }

  Refusals refusals() {
    return refusals;
  }

  /**
   * Admits a request and starts its producer, or refuses it (see {@link Refusals}).
   *
   * @param transport the response
   * @param request the request
   * @param producer the stream's producer
   */
  public void serve(Transport transport, RequestSnapshot request, SseProducer producer) {
    Connection c = admit(transport, request, true);
    if (c != null) {
      c.start(producer);
    }
  }

  /**
   * Admits a request as a subscriber of a broadcast, which holds no seam worker, or refuses it.
   *
   * @param transport the response
   * @param request the request
   * @param broadcast the broadcast to join
   */
  public void serve(Transport transport, RequestSnapshot request, Broadcast broadcast) {
    Connection c = admit(transport, request, false);
    if (c != null) {
      subscribe(c, broadcast);
    }
  }

  /**
   * Subscribes an admitted connection to a broadcast.
   *
   * @param c the connection from {@link #admit(Transport, RequestSnapshot, boolean)} with no
   *     producer
   * @param broadcast the broadcast
   */
  public void subscribe(Connection c, Broadcast broadcast) {
    c.startKeepAlive();
    broadcast.subscribe(c);
  }

  /**
   * Admits a connection the caller has built, for bindings that need it before the producer starts
   * (to report disconnects to it).
   *
   * @param transport the response
   * @param request the request
   * @param producer true for a stream whose producer will hold a seam worker; false for a broadcast
   *     subscriber, which holds none
   * @return the connection; {@link #start} or {@link #subscribe} it, or null if refused or stopped
   *     (already answered)
   */
  public Connection admit(Transport transport, RequestSnapshot request, boolean producer) {
    String key = config.key() == null ? null : config.key().apply(request);
    if (request.failedStreams() >= config.stopAfterFailures()) {
      // The client's last streams all failed: 204 is the one answer that stops an EventSource.
      transport.reject(204, 0, "");
      return null;
    }
    Connection c = new Connection(this, transport, request, key, producer);
    String refusal = admit(c);
    if (refusal != null) {
      refusals.refuse(
          transport, request, closing() ? Refusals.SHUTTING_DOWN : Refusals.BUSY, refusal);
      return null;
    }
    return c;
  }

  /**
   * Starts an admitted connection's producer.
   *
   * @param c the connection from {@link #admit(Transport, RequestSnapshot, boolean)}
   * @param producer the producer
   */
  public void start(Connection c, SseProducer producer) {
    c.start(producer);
  }

  private synchronized String admit(Connection c) {
    if (closing) {
      return "server shutting down";
    }
    if (open.size() >= config.maxStreams()) {
      return "too many open streams (max " + config.maxStreams() + ")";
    }
    int n = c.key() == null ? 0 : perKey.getOrDefault(c.key(), 0);
    if (c.key() != null && n >= config.maxStreamsPerKey()) {
      return "too many open streams for '"
          + c.key()
          + "' (max "
          + config.maxStreamsPerKey()
          + " per key)";
    }
    // A stream holds its worker for as long as it is open, so a producer submitted while every
    // worker is held by a stream would wait in the seam's queue, without headers, until another
    // stream ends: refuse it now instead, and the client comes back after the retry hint.
    if (c.holdsWorker()) {
      if (busyWorkers >= workerSlots) {
        warnOnceCapsDisagree();
        return "all "
            + workerSlots
            + " workers of seam '"
            + config.seam().name()
            + "' are busy with streams";
      }
      // The seam may be shared (other endpoints, ordinary calls): a producer submitted without a
      // free worker would wait in its queue without headers. Its own figures decide; a call that
      // takes the last worker between this look and the submit is caught at the first tick.
      SeamStats seam = config.seam().stats();
      if (seam.running() + seam.queued() >= seam.maxConcurrency()) {
        return "no free worker on seam '"
            + seam.seamName()
            + "' ("
            + seam.running()
            + "/"
            + seam.maxConcurrency()
            + " running, "
            + seam.queued()
            + " queued)";
      }
      busyWorkers++;
    }
    if (c.key() != null) {
      perKey.put(c.key(), n + 1);
    }
    open.add(c);
    return null;
  }

  /**
   * Said once per endpoint, when it first happens rather than at build: only then is it known that
   * the streams beyond the seam's workers are producers, not broadcast subscribers (which hold no
   * worker and may well outnumber the workers).
   */
  private void warnOnceCapsDisagree() {
    // Workers held by streams that ended but whose producers have not returned yet are no
    // misconfiguration: only a cap the workers can never reach is.
    if (warnedCaps || config.maxStreams() <= workerSlots) {
      return;
    }
    warnedCaps = true;
    LOG.warn(
        "SSE endpoint '{}' refused a stream below its maxStreams({}): all {} workers of seam '{}'"
            + " hold streams, and each producer stream holds one while it is open. At most {}"
            + " producer streams are ever open (broadcast subscribers hold no worker). Set"
            + " maxStreams({}) or raise the seam's maxConcurrency.",
        config.name(),
        config.maxStreams(),
        workerSlots,
        config.seam().name(),
        workerSlots,
        workerSlots);
  }

  private synchronized boolean closing() {
    return closing;
  }

  /** A producer admitted by {@link #admit(Connection)} is done with its seam worker. */
  synchronized void workerFreed() {
    busyWorkers--;
  }

  synchronized void release(Connection c) {
    if (open.remove(c) && c.key() != null) {
      perKey.computeIfPresent(c.key(), (k, n) -> n <= 1 ? null : n - 1);
    }
    notifyAll();
  }

  /**
   * Open streams now.
   *
   * @return the count
   */
  public synchronized int openStreams() {
    return open.size();
  }

  /**
   * Whether shutdown has begun.
   *
   * @return true once closing
   */
  public synchronized boolean isClosed() {
    return closing;
  }

  /**
   * Ends every stream (farewell, producers cancelled), waits up to the grace for them to finish
   * writing, aborts the rest, and stops the endpoint's threads. Idempotent.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void close() throws InterruptedException {
    List<Connection> toEnd;
    synchronized (this) {
      if (closing) {
        while (!closed) {
          wait();
        }
        return;
      }
      closing = true;
      toEnd = List.copyOf(open);
    }
    for (Connection c : toEnd) {
      c.shutdown(config.farewell());
    }
    long graceNanos = config.shutdownGrace().toNanos();
    long deadline = System.nanoTime() + graceNanos;
    List<Connection> late;
    synchronized (this) {
      long left;
      while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      late = List.copyOf(open);
    }
    if (!late.isEmpty()) {
      LOG.warn(
          "SSE endpoint '{}': {} streams still open after the shutdown grace; aborting them",
          config.name(),
          late.size());
      for (Connection c : late) {
        c.gone("endpoint closed after the shutdown grace");
      }
    }
    writers.shutdown();
    if (!writers.awaitTermination(Math.max(1, graceNanos / 1_000_000), TimeUnit.MILLISECONDS)) {
      writers.shutdownNow();
      writers.awaitTermination(1, TimeUnit.SECONDS);
    }
    if (ownTimer != null) {
      ownTimer.shutdown();
      ownTimer.awaitTermination(1_000);
    }
    synchronized (this) {
      closed = true;
      notifyAll();
    }
  }
}
