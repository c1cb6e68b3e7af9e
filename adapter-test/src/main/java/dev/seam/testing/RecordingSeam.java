package dev.seam.testing;

import dev.seam.CallOptions;
import dev.seam.CancelHook;
import dev.seam.LatencySummary;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamClosedException;
import dev.seam.SeamStats;
import dev.seam.internal.CallSite;
import dev.seam.internal.ContextSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seam that runs nothing by itself: it holds every call until the test decides its outcome, so a
 * test can assert exactly what is in flight, then {@linkplain RecordedCall#run() run}, {@link
 * RecordedCall#complete complete}, {@link RecordedCall#fail fail} or {@link RecordedCall#timeOut()
 * time out} each call, in any order.
 *
 * <pre>{@code
 * RecordingSeam seam = RecordingSeam.create("orders");
 * AsyncOrders orders = Seam.adapt(AsyncOrders.class, legacyOrders, seam);
 * CompletableFuture<Page> page = service.page(42); // calls orders.find(42) and orders.count()
 * assertThat(seam.inFlight()).extracting(RecordedCall::description)
 *     .containsExactly("LegacyOrders.find(long)", "LegacyOrders.count()");
 * seam.next().complete(order);
 * seam.next().fail(new SQLException("timeout", "57014"));
 * assertThat(page).isCompletedExceptionally();
 * }</pre>
 *
 * <p>Deadlines run on a {@link ManualClock} (its own unless one is given): advancing the clock past
 * a held call's deadline times it out like a real seam, with a {@link
 * dev.seam.SeamTimeoutException} and its cancel hooks run. A held call whose future is cancelled by
 * its holder leaves the in-flight list. The caller's MDC is captured at submission and installed
 * while {@link RecordedCall#run()} runs the work. {@link #close()} fails every held call with
 * {@link SeamClosedException} and refuses later ones. It starts no thread.
 *
 * <p>Thread-safe: calls may be submitted from any thread, and each outcome completes the future on
 * the thread that decides it.
 *
 * @since 0.1
 */
public final class RecordingSeam implements Seam {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingSeam.class);
  private static final LatencySummary NO_LATENCY =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  private final String name;
  private final SeamClock clock;
  private final Duration timeout;
  private final List<RecordedCall> inFlight = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();

  private RecordingSeam(String name, SeamClock clock, Duration timeout) {
    this.name = name;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * A recording seam with a 30 second default timeout on a fresh {@link ManualClock}.
   *
   * @param name the seam's name
   * @return the seam
   */
  public static RecordingSeam create(String name) {
    return create(name, new ManualClock(), Duration.ofSeconds(30));
  }

  /**
   * A recording seam on the given clock.
   *
   * @param name the seam's name; not blank
   * @param clock the clock for deadlines, typically a {@link ManualClock} the test advances
   * @param timeout the default timeout; positive
   * @return the seam
   * @throws IllegalArgumentException if the name is blank or the timeout not positive
   */
  public static RecordingSeam create(String name, SeamClock clock, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is empty: '" + name + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new RecordingSeam(name, clock, timeout);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public <T> CompletableFuture<T> call(Callable<? extends T> task) {
    if (task == null) {
      return CompletableFuture.failedFuture(new NullPointerException("task is null"));
    }
    return hold(CallOptions.defaults(), new Described<T>(task));
  }

  @Override
  public <T> CompletableFuture<T> call(SeamCallable<? extends T> task) {
    return call(CallOptions.defaults(), task);
  }

  @Override
  public <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task) {
    if (timeout == null) {
      return CompletableFuture.failedFuture(new NullPointerException("timeout is null"));
    }
    try {
      return call(CallOptions.timeout(timeout), task);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public <T> CompletableFuture<T> call(CallOptions options, SeamCallable<? extends T> task) {
    if (options == null || task == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException((options == null ? "options" : "task") + " is null"));
    }
    return hold(options, task);
  }

  @SuppressWarnings("unchecked") // the caller sees CompletableFuture<T>; RecordedCall is untyped
  private <T> CompletableFuture<T> hold(CallOptions options, SeamCallable<? extends T> task) {
    submitted.incrementAndGet();
    Duration t = options.timeoutOrNull() != null ? options.timeoutOrNull() : timeout;
    CompletableFuture<Object> future = new CompletableFuture<>();
    RecordedCall call =
        new RecordedCall(
            this,
            task,
            ContextSnapshot.capture(List.of(Propagators.mdc())),
            CallSite.capture(),
            clock.nanoTime(),
            t,
            future);
    synchronized (this) {
      if (closed) {
        rejected.incrementAndGet();
        SeamClosedException e = new SeamClosedException(name, "seam '" + name + "' is closed");
        e.setStackTrace(CallSite.capture().frames());
        return CompletableFuture.failedFuture(e);
      }
      inFlight.add(call);
      notifyAll(); // wakes awaitNext
    }
    call.arm(clock);
    return (CompletableFuture<T>) (CompletableFuture<?>) future;
  }

  /**
   * The calls whose outcome the test has not decided yet, oldest first.
   *
   * @return a snapshot
   */
  public synchronized List<RecordedCall> inFlight() {
    return List.copyOf(inFlight);
  }

  /**
   * The oldest call in flight.
   *
   * @return the call
   * @throws IllegalStateException if no call is in flight
   */
  public synchronized RecordedCall next() {
    if (inFlight.isEmpty()) {
      throw new IllegalStateException("no call in flight on seam '" + name + "'");
    }
    return inFlight.get(0);
  }

  /**
   * Waits for a call to be in flight, for code under test that submits from other threads (a
   * dependent stage on a worker, an executor). Returns at once if one already is.
   *
   * @param timeout how long to wait, in real time
   * @return the oldest call in flight
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if no call arrived in time
   */
  public synchronized RecordedCall awaitNext(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "no call in flight on seam '" + name + "' after waiting " + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return inFlight.get(0);
  }

  /**
   * Runs every call in flight now, oldest first, on this thread. Calls they submit stay held.
   *
   * @return how many calls ran
   */
  public int runAll() {
    List<RecordedCall> calls = inFlight();
    for (RecordedCall c : calls) {
      c.run();
    }
    return calls.size();
  }

  void finished(RecordedCall call, RecordedCall.Outcome outcome) {
    synchronized (this) {
      inFlight.remove(call);
    }
    switch (outcome) {
      case SUCCEEDED -> succeeded.incrementAndGet();
      case FAILED -> failed.incrementAndGet();
      case TIMED_OUT -> timedOut.incrementAndGet();
      case CANCELLED -> cancelled.incrementAndGet();
    }
  }

  void running(int delta) {
    running.addAndGet(delta);
  }

  void hookFailed(CancelHook hook, Exception e) {
    LOG.warn("seam '{}': cancel hook {} failed; the other hooks still run", name, hook, e);
  }

  SeamClock clock() {
    return clock;
  }

  /**
   * Counters of the decided calls; held calls show as {@code queued}.
   *
   * @return the snapshot
   */
  @Override
  public SeamStats stats() {
    int held;
    synchronized (this) {
      held = inFlight.size();
    }
    return new SeamStats(
        name,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        running.get(),
        held,
        0,
        submitted.get(),
        succeeded.get(),
        failed.get(),
        timedOut.get(),
        cancelled.get(),
        rejected.get(),
        NO_LATENCY,
        NO_LATENCY);
  }

  @Override
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Refuses new calls and fails every held call with {@link SeamClosedException}. */
  @Override
  public void close() {
    List<RecordedCall> held;
    synchronized (this) {
      closed = true;
      held = new ArrayList<>(inFlight);
    }
    for (RecordedCall c : held) {
      c.closeWith(
          new SeamClosedException(name, "seam '" + name + "' closed before the call finished"));
    }
  }

  @Override
  public String toString() {
    return "RecordingSeam{" + name + ", inFlight=" + inFlight() + "}";
  }

  /** A plain {@link Callable} as a seam callable that still describes itself. */
  private static final class Described<T> implements SeamCallable<T> {
    private final Callable<? extends T> task;

    Described(Callable<? extends T> task) {
      this.task = task;
    }

    @Override
    public T call(dev.seam.CallContext call) throws Exception {
      return task.call();
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
