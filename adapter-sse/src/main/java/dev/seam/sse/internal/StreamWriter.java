package dev.seam.sse.internal;

import dev.seam.SeamClock;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves one stream's queued items to its transport on the endpoint's shared writer threads, so a
 * stream costs a thread only while there is something it can write right now.
 *
 * <p>Every write, flush, commit and abort of a stream runs inside one serialised loop, owned by one
 * thread at a time. A signal (something queued, the transport writable again, the stream closed)
 * counts as pending work and then tries to take the loop: on a writer thread ({@link #signal}), or
 * on the calling thread when the transport's writes never block ({@link #signalHere}). Whoever owns
 * the loop goes round until no signal is pending, so a signal that finds the loop taken is never
 * lost. A signal that finds a writer task queued but not yet running takes the loop itself: a
 * producer never waits in the writers' queue behind the stream's own keep-alive; the writer task
 * then finds nothing to do. On a non-blocking transport the loop returns when the transport is not
 * ready and the transport's callback signals it again; the write deadline runs only while it waits.
 * On a blocking transport each operation is guarded: past the write deadline the stream is closed
 * and the writer blocked in it is interrupted, which closes the socket under it and gives the
 * thread back.
 */
final class StreamWriter {
  private final Connection connection;
  private final Transport transport;
  private final EventBuffer buffer;
  private final Executor writers;
  private final SeamClock clock;
  private final long deadlineNanos;
  private final Refusals refusals;
  private final byte[] keepAliveStart;
  // Signals not yet looked at by the loop's owner.
  private final AtomicInteger pending = new AtomicInteger();
  // Whether a thread owns the loop; taking and releasing it orders each run after the previous one.
  private final AtomicBoolean owned = new AtomicBoolean();
  // Whether a task for this stream waits in (or is being taken from) the writers' queue: at most
  // one.
  private final AtomicBoolean queued = new AtomicBoolean();

  // Owned by the loop.
  private boolean committed;
  private boolean unflushed;
  private boolean finishing;
  private boolean aborted;
  private int keepAliveStep;
  private SeamClock.Scheduled waiting;

  // Flushes done, for the keep-alive tick: written by the loop's owner only, read by the clock.
  private final AtomicLong flushes = new AtomicLong();

  // The writer in a blocking operation, guarded by this object's monitor.
  private Thread blockedWriter;

  StreamWriter(Connection connection, Transport transport, EventBuffer buffer, Streams streams) {
    this.connection = connection;
    this.transport = transport;
    this.buffer = buffer;
    this.writers = streams.writers();
    this.clock = streams.clock();
    this.deadlineNanos = streams.config().writeDeadline().toNanos();
    this.refusals = streams.refusals();
    this.keepAliveStart = WireFormat.keepAliveStart(streams.config().heartbeatEvent());
  }

  /** Has the loop run on a writer thread, unless a thread owns it already or a writer is coming. */
  void signal() {
    pending.incrementAndGet();
    if (owned.get() || !queued.compareAndSet(false, true)) {
      return; // the owner, or the queued writer, sees the pending signal
    }
    try {
      writers.execute(this::runQueued);
    } catch (RejectedExecutionException e) { // the endpoint's writers stopped after its grace
      queued.set(false);
      connection.gone("endpoint closed");
      transport.abort();
    }
  }

  /**
   * Like {@link #signal()}, but on a transport whose writes never block the loop runs on the
   * calling thread (the producer after a send, the container after {@code onWritePossible}): no
   * hand-off to a writer and back on the hot path, even when a writer task for the stream is
   * already queued. A caller already interrupted (a producer being cancelled) hands off instead,
   * since an interrupt during socket I/O closes the socket.
   */
  void signalHere() {
    if (transport.blocks() || Thread.currentThread().isInterrupted()) {
      signal();
      return;
    }
    pending.incrementAndGet();
    drain();
  }

  /**
   * Flushes done so far (each a write that reached the transport), for the keep-alive tick.
   *
   * @return the count, from any thread
   */
  long flushes() {
    return flushes.get();
  }

  /** The stream closed: a writer blocked in a write gives its thread back at once. */
  void interruptBlockedWrite() {
    synchronized (this) {
      if (blockedWriter != null) {
        blockedWriter.interrupt();
      }
    }
    signal(); // the loop aborts the transport, after any operation in progress
  }

  private void runQueued() {
    queued.set(false); // a signal from now on queues another task if the loop is free by then
    drain();
  }

  /**
   * Owns the loop while signals are pending; a signal that finds it owned is seen before release.
   */
  private void drain() {
    while (pending.get() != 0 && owned.compareAndSet(false, true)) {
      try {
        int seen;
        while ((seen = pending.get()) != 0) {
          step();
          pending.addAndGet(-seen);
        }
      } finally {
        owned.set(false);
      }
    }
  }

  private void step() {
    if (aborted) {
      return;
    }
    try {
      if (buffer.isClosed()) {
        abort();
        return;
      }
      if (!committed) {
        guarded(transport::commit);
        committed = true;
      }
      while (ready()) {
        if (!next()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      connection.gone("write failed: " + e);
      abort();
    }
  }

  /**
   * Does one operation.
   *
   * @return false when there is nothing more to do until the next signal
   */
  private boolean next() throws IOException {
    if (keepAliveStep == 1) {
      // Two flushed writes: after a client closes, the first write to its socket still succeeds
      // (the peer answers it with a reset), so one write per interval would notice the disconnect
      // only an interval later.
      keepAliveStep = 2;
      flush();
      return true;
    }
    if (keepAliveStep == 2) {
      keepAliveStep = 0;
      write(WireFormat.KEEP_ALIVE_END);
      return true;
    }
    if (finishing) {
      if (unflushed) {
        unflushed = false;
        flush();
        return true;
      }
      aborted = true; // nothing more to write, ever
      connection.finish();
      transport.close();
      return false;
    }
    Item item = buffer.poll();
    if (item == null) {
      if (connection.refill()) {
        return true; // a catch-up queued more of what the client missed
      }
      if (!unflushed) {
        return false; // idle: the next offer signals
      }
      unflushed = false;
      flush();
      return true;
    }
    switch (item.kind) {
      case END -> finishing = true;
      case KEEP_ALIVE -> {
        write(keepAliveStart);
        keepAliveStep = 1;
      }
      case OPEN -> unflushed = true;
      case EVENT -> write(item.bytes);
    }
    return true;
  }

  private void flush() throws IOException {
    guarded(transport::flush);
    flushes.setRelease(flushes.getPlain() + 1); // only the loop's owner writes: no lost update
  }

  private void write(byte[] bytes) throws IOException {
    guarded(() -> transport.write(bytes));
    unflushed = true;
  }

  /** Whether the transport takes an operation now; if not, waits for it under the deadline. */
  private boolean ready() throws IOException {
    if (transport.isReady()) {
      if (waiting != null) {
        waiting.cancel();
        waiting = null;
      }
      return true;
    }
    if (waiting == null) {
      waiting = clock.schedule(this::deadlinePassed, deadlineNanos);
    }
    return false; // the transport signals when it is writable again
  }

  private interface Operation {
    void run() throws IOException;
  }

  private void guarded(Operation op) throws IOException {
    if (!transport.blocks()) {
      op.run();
      return;
    }
    SeamClock.Scheduled guard = clock.schedule(this::deadlinePassed, deadlineNanos);
    synchronized (this) {
      blockedWriter = Thread.currentThread();
    }
    try {
      op.run();
    } finally {
      synchronized (this) {
        blockedWriter = null;
      }
      guard.cancel();
      if (Thread.interrupted() && !buffer.isClosed()) {
        Thread.currentThread().interrupt(); // not ours: keep it for whoever sent it
      }
    }
  }

  private void deadlinePassed() {
    connection.gone(
        "write blocked for the write deadline ("
            + deadlineNanos / 1_000_000
            + " ms): client not reading");
    interruptBlockedWrite(); // also an abort that blocks on a stream closed before
  }

  private void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    if (waiting != null) {
      waiting.cancel();
      waiting = null;
    }
    try {
      if (!committed) {
        // Nothing was sent: a bare 200 would tell an EventSource nothing (and some clients stop
        // for good without the content type); the refusal makes it come back with its id. To a
        // client that is gone it costs one failed write.
        committed = true;
        guarded(
            () ->
                refusals.refuse(
                    transport,
                    connection.request(),
                    Refusals.INTERRUPTED,
                    "stream closed before it started: " + buffer.closedReason()));
        return;
      }
      // A blocking transport's abort may write (the last chunk) to a client that reads no more.
      guarded(transport::abort);
    } catch (IOException e) {
      // abort never throws; the operation type only allows it
    }
  }
}
