package dev.seam;

import dev.seam.internal.SeamConfig;
import dev.seam.internal.SeamImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures and builds a {@link Seam}. Every option has a safe default, stated on its setter:
 * bounded, with a deadline, carrying context. Values are checked in {@link #build()}, whose
 * exceptions print the bad value. Not thread-safe; build on one thread.
 *
 * @since 0.1
 */
public final class SeamBuilder {
  private final String name;
  private int maxConcurrency = 10;
  private int maxQueued = 100;
  private Duration timeout = Duration.ofSeconds(30);
  private boolean interruptOnCancel = true;
  private List<ContextPropagator<?>> propagators;
  private boolean captureCallSite = true;
  private Duration shutdownGrace = Duration.ofSeconds(5);
  private Duration queueLagWarning = Duration.ofMillis(100);
  private Duration slowCallWarning = Duration.ofSeconds(5);
  private SeamClock clock;
  private ThreadMode threadMode = ThreadMode.PLATFORM;
  private Executor completionExecutor;
  private final List<SeamListener> listeners = new ArrayList<>();
  private Duration abandonedCallWarning = SeamConfig.DEFAULT_ABANDONED_CALL_WARNING;

  SeamBuilder(String name) {
    this.name = name;
  }

  /**
   * At most this many calls run at once. Default 10. For JDBC, the connection pool's size.
   *
   * @param maxConcurrency at least 1
   * @return this builder
   */
  public SeamBuilder maxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /**
   * At most this many calls wait for a permit; more are rejected. Default 100. Zero means no queue:
   * a call either starts at once or is rejected.
   *
   * @param maxQueued zero or more
   * @return this builder
   */
  public SeamBuilder maxQueued(int maxQueued) {
    this.maxQueued = maxQueued;
    return this;
  }

  /**
   * The default deadline of each call, counted from submission. Default 30 seconds.
   *
   * @param timeout positive; a duration longer than about 292 years ({@code Long.MAX_VALUE}
   *     nanoseconds, for example {@code ChronoUnit.FOREVER.getDuration()}) is capped there, which
   *     means no deadline in practice: such a call arms no timer
   * @return this builder
   */
  public SeamBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Whether a cancelled or timed-out call's worker is interrupted after its cancel hooks ran.
   * Default true. JDBC seams turn it off: interrupts can close an H2 file store or a pgjdbc
   * connection; {@code Statement.cancel()} is the cancel mechanism there. Per call: {@link
   * CallOptions#withInterruptOnCancel}.
   *
   * @param interrupt whether to interrupt
   * @return this builder
   */
  public SeamBuilder interruptOnCancel(boolean interrupt) {
    this.interruptOnCancel = interrupt;
    return this;
  }

  /**
   * The context carried from submitter to worker, replacing the default ({@link
   * Propagators#defaults()}: MDC, plus OpenTelemetry and the Micrometer {@code ContextRegistry}
   * accessors when those libraries are present). Call with no arguments to carry nothing.
   *
   * @param propagators the propagators, installed in this order and restored in reverse
   * @return this builder
   */
  public SeamBuilder propagate(ContextPropagator<?>... propagators) {
    this.propagators = List.copyOf(Arrays.asList(propagators));
    return this;
  }

  /**
   * Whether each call records its submitting call site, so that a failure's stack trace shows who
   * made the call. Default true. Costs one stack walk per call (see {@code benchmarks/README.md});
   * turn it off on the hottest paths.
   *
   * @param capture whether to capture
   * @return this builder
   */
  public SeamBuilder captureCallSite(boolean capture) {
    this.captureCallSite = capture;
    return this;
  }

  /**
   * How long {@link Seam#close()} waits for queued and running calls before cancelling them, and
   * again for cancelled calls to return. Default 5 seconds.
   *
   * @param grace zero or more; capped at about 292 years, like every duration of a seam
   * @return this builder
   */
  public SeamBuilder shutdownGrace(Duration grace) {
    this.shutdownGrace = Objects.requireNonNull(grace, "shutdownGrace");
    return this;
  }

  /**
   * A call that waited in the queue longer than this is logged at WARN, at most once every 10
   * seconds per seam. Default 100 ms; {@link Duration#ZERO} turns the warning off.
   *
   * @param threshold zero or more
   * @return this builder
   */
  public SeamBuilder queueLagWarning(Duration threshold) {
    this.queueLagWarning = Objects.requireNonNull(threshold, "queueLagWarning");
    return this;
  }

  /**
   * A call still running this long after submission is logged at WARN with its worker's current
   * stack trace (where it is blocked), at most once every 10 seconds per seam. Default 5 seconds;
   * {@link Duration#ZERO}, or a value not below the call's timeout, turns it off. Costs nothing for
   * calls that finish sooner: the check rides on the call's deadline timer.
   *
   * @param threshold zero or more
   * @return this builder
   */
  public SeamBuilder slowCallWarning(Duration threshold) {
    this.slowCallWarning = Objects.requireNonNull(threshold, "slowCallWarning");
    return this;
  }

  /**
   * The clock that measures deadlines and fires them. Default: the system's monotonic clock and a
   * timer thread of the seam's own. Tests pass a manual clock.
   *
   * @param clock the clock; the seam does not close it
   * @return this builder
   */
  public SeamBuilder clock(SeamClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Which threads run calls. Default {@link ThreadMode#PLATFORM}.
   *
   * @param mode platform or virtual threads
   * @return this builder
   */
  public SeamBuilder threads(ThreadMode mode) {
    this.threadMode = Objects.requireNonNull(mode, "threads");
    return this;
  }

  /**
   * Completes every returned future on {@code executor} (with the caller's context installed)
   * instead of on the worker or timer thread, so that dependent stages never run on seam threads.
   * Default: none, complete in place. The executor is also the default of the futures' {@code
   * ...Async} stages. A timed-out call's cancel hooks wait for its future to complete here, for at
   * most 100 ms, so a backed-up executor delays {@code Statement.cancel()} by no more than that.
   *
   * @param executor where futures complete; if it rejects or throws, the future completes in place
   *     (its outcome is never lost) and a WARN names the executor
   * @return this builder
   */
  public SeamBuilder completeOn(Executor executor) {
    this.completionExecutor = Objects.requireNonNull(executor, "completeOn");
    return this;
  }

  /**
   * Adds a listener told every step of every call (see {@link SeamListener} for the order, the
   * threads and what happens when it throws). Listeners are told in the order they were added.
   * Default: none, which costs a call nothing.
   *
   * @param listener the listener
   * @return this builder
   */
  public SeamBuilder listener(SeamListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Logs a WARN, with the worker's stack, when a call is still in its worker this long after its
   * future completed (timeout, cancel, close): a downstream that ignores cancel hooks and
   * interrupts, and holds a permit while it does. A second line says when that worker returns. At
   * most one such warning every 10 seconds per seam, each saying how many it held back. Default 10
   * seconds; {@link Duration#ZERO} turns it off.
   *
   * @param threshold zero or more
   * @return this builder
   */
  public SeamBuilder abandonedCallWarning(Duration threshold) {
    this.abandonedCallWarning = Objects.requireNonNull(threshold, "abandonedCallWarning");
    return this;
  }

  /**
   * Checks every option and starts the seam. Threads start on demand.
   *
   * @return a running seam
   * @throws NullPointerException if the name is null
   * @throws IllegalArgumentException naming the bad option and value
   * @throws UnsupportedOperationException if virtual threads were asked for on Java before 21
   */
  public Seam build() {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is empty: '" + name + "'");
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency < 1: " + maxConcurrency);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued < 0: " + maxQueued);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace < 0: " + shutdownGrace);
    }
    if (queueLagWarning.isNegative()) {
      throw new IllegalArgumentException("queueLagWarning < 0: " + queueLagWarning);
    }
    if (slowCallWarning.isNegative()) {
      throw new IllegalArgumentException("slowCallWarning < 0: " + slowCallWarning);
    }
    if (abandonedCallWarning.isNegative()) {
      throw new IllegalArgumentException("abandonedCallWarning < 0: " + abandonedCallWarning);
    }
    if (threadMode == ThreadMode.VIRTUAL && Runtime.version().feature() < 21) {
      throw new UnsupportedOperationException(
          "seam '"
              + name
              + "': virtual threads need Java 21 or later; this JVM is Java "
              + Runtime.version());
    }
    List<ContextPropagator<?>> carried =
        propagators != null ? propagators : List.copyOf(Propagators.defaults());
    return SeamImpl.start(
        new SeamConfig(
            name,
            maxConcurrency,
            maxQueued,
            timeout,
            interruptOnCancel,
            carried,
            captureCallSite,
            shutdownGrace,
            queueLagWarning,
            slowCallWarning,
            clock,
            threadMode,
            completionExecutor,
            null,
            null,
            listeners,
            abandonedCallWarning));
  }
}
