package dev.seam.internal;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamEvent;
import dev.seam.SeamException;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seam: the API's entry points, the worker loop, and the executors a call's life uses. Each
 * call is a {@link CallTask}, which owns its state; admission is the {@link Lane}'s, and close is
 * {@link SeamShutdown}'s. {@code call(...)} never throws: bad arguments, a throwing context
 * propagator, a full or closed seam all fail the returned future.
 */
public final class SeamImpl implements Seam {

  private final SeamConfig config;
  private final SeamThreads threads = new SeamThreads();
  private final SeamClock clock;
  private final Executor workers;
  private final Executor cancelExecutor;
  private final Executor asyncExecutor;
  private final Outcomes outcomes = new Outcomes();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final SeamWarnings warnings;
  private final Lane lane;
  private final SeamShutdown shutdown;
  private final Listeners listeners; // null when there are none: one field test per step
  private final long abandonedWarningNanos;
  private final HealthWindow health;

  private SeamImpl(SeamConfig config) {
    this.config = config;
    TimerClock ownTimer =
        config.clock() == null ? new TimerClock(threads.timer(config.name())) : null;
    this.clock = ownTimer != null ? ownTimer : config.clock();
    this.warnings = new SeamWarnings(config, clock);
    ExecutorService ownWorkers =
        config.workerExecutor() == null
            ? threads.workers(config.name(), config.threadMode(), config.maxConcurrency())
            : null;
    this.workers = ownWorkers != null ? ownWorkers : config.workerExecutor();
    ExecutorService ownCancellers =
        config.cancelExecutor() == null ? threads.cancellers(config.name()) : null;
    this.cancelExecutor = ownCancellers != null ? ownCancellers : config.cancelExecutor();
    this.asyncExecutor =
        config.completionExecutor() != null
            ? config.completionExecutor()
            : new CompletableFuture<Void>().defaultExecutor();
    this.lane = new Lane(config.name(), config.maxConcurrency(), config.maxQueued(), abandoned);
    this.listeners = Listeners.of(config.name(), config.listeners(), clock);
    this.abandonedWarningNanos = config.abandonedCallWarning().toNanos();
    this.health = new HealthWindow(clock);
    this.shutdown =
        new SeamShutdown(
            config.name(),
            config.shutdownGrace().toNanos(),
            lane,
            threads,
            ownWorkers,
            ownCancellers,
            ownTimer,
            warnings,
            abandoned,
            listeners);
  }

  /**
   * Starts a seam with validated settings.
   *
   * @param config the settings
   * @return the seam
   */
  public static SeamImpl start(SeamConfig config) {
    return new SeamImpl(config);
  }

  @Override
  public String name() {
    return config.name();
  }

  /**
   * The seam's settings.
   *
   * @return the settings it was built with
   */
  public SeamConfig config() {
    return config;
  }

  @Override
  public <T> CompletableFuture<T> call(Callable<? extends T> task) {
    if (task == null) {
      return nullArgument("task");
    }
    return submit(CallOptions.defaults(), call -> task.call());
  }

  @Override
  public <T> CompletableFuture<T> call(SeamCallable<? extends T> task) {
    return call(CallOptions.defaults(), task);
  }

  @Override
  public <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task) {
    if (timeout == null) {
      return nullArgument("timeout");
    }
    CallOptions options;
    try {
      options = CallOptions.timeout(timeout);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call(options, task);
  }

  @Override
  public <T> CompletableFuture<T> call(CallOptions options, SeamCallable<? extends T> task) {
    if (options == null) {
      return nullArgument("options");
    }
    if (task == null) {
      return nullArgument("task");
    }
    return submit(options, task);
  }

  private static <T> CompletableFuture<T> nullArgument(String what) {
    return CompletableFuture.failedFuture(new NullPointerException(what + " is null"));
  }

  private <T> CompletableFuture<T> submit(CallOptions options, SeamCallable<? extends T> callable) {
    outcomes.submitted.increment();
    long now;
    try {
      now = clock.nanoTime();
    } catch (RuntimeException | Error e) { // a user clock that throws: fail the call, never throw
      outcomes.failed.increment();
      return CompletableFuture.failedFuture(e);
    }
    Duration timeout = options.timeoutOrNull() != null ? options.timeoutOrNull() : config.timeout();
    Boolean interrupt = options.interruptOnCancelOrNull();
    CallSite site = config.captureCallSite() ? CallSite.capture() : null;
    ContextSnapshot context;
    ContextSnapshot.ContextFailure contextFailure = null;
    try {
      context = ContextSnapshot.capture(config.propagators());
    } catch (ContextSnapshot.ContextFailure f) {
      context = ContextSnapshot.capture(List.of());
      contextFailure = f;
    }
    CallTask<T> task =
        new CallTask<>(
            this,
            callable,
            context,
            site,
            now,
            timeout.toNanos(), // capped where it was set: SeamConfig, CallOptions, @SeamTimeout
            interrupt != null ? interrupt : config.interruptOnCancel(),
            options.descriptionOrNull(),
            slowCallNanos(options));
    if (contextFailure != null) {
      outcomes.failed.increment();
      SeamException failure = task.contextFailure(contextFailure);
      task.future.failFromSeam(failure);
      task.tell(SeamEvent.Kind.FAILED, 0, 0, failure);
      return task.future;
    }
    SeamException refused = lane.admit(task);
    if (refused != null) {
      outcomes.rejected.increment();
      health.rejected(now);
      task.future.failFromSeam(task.withCallSite(refused));
      task.tell(SeamEvent.Kind.REJECTED, 0, 0, refused);
      return task.future;
    }
    if (listeners != null) {
      task.tell(SeamEvent.Kind.QUEUED, 0, 0, null);
    }
    task.armTimer();
    if (!task.waitedInQueue) {
      dispatch(task);
    }
    return task.future;
  }

  private long slowCallNanos(CallOptions options) {
    Duration own = options.slowCallWarningOrNull();
    return (own != null ? own : config.slowCallWarning()).toNanos();
  }

  private void dispatch(CallTask<?> first) {
    try {
      workers.execute(first);
    } catch (RejectedExecutionException e) {
      // Only possible once close() shut the workers down; the call cannot run.
      lane.dispatchFailed(first);
      first.abort(CallTask.Abort.CLOSED);
    } catch (RuntimeException | Error e) { // no thread to be had (OutOfMemoryError): fail the call
      lane.dispatchFailed(first);
      first.failToStart(e);
    }
  }

  /** A worker's life: the call it was started for, then each queued call the lane hands it. */
  void workLoop(CallTask<?> first) {
    for (CallTask<?> task = first; task != null; task = lane.next(task)) {
      task.runOnWorker();
    }
  }

  void recordStart(long queueWaitNanos, boolean waitedInQueue) {
    outcomes.queueWait.record(queueWaitNanos);
    // Only calls that sat in the queue count as lag: a call started at once may still wait for
    // a new worker thread on a loaded machine, which says nothing about the downstream.
    if (waitedInQueue) {
      warnings.queueWait(queueWaitNanos, this::stats);
    }
  }

  /** An abandoned call's worker returned: its run time counts, and it is no longer abandoned. */
  void abandonedReturned(long runNanos) {
    outcomes.runTime.record(runNanos);
    abandoned.decrementAndGet();
  }

  /**
   * Runs cancel work (hooks, the interrupt) on the seam's cancel threads. After close has stopped
   * them, it runs on the calling thread instead: a hook is never lost and never throws {@link
   * RejectedExecutionException} into user code.
   */
  void runOffWorker(Runnable action) {
    try {
      cancelExecutor.execute(action);
    } catch (RejectedExecutionException e) {
      action.run();
    }
  }

  /** Whether cancel work may run on the thread that hands it over (the immediate seam's). */
  boolean hooksRunInline() {
    return config.cancelExecutor() != null;
  }

  Listeners listeners() {
    return listeners;
  }

  long abandonedWarningNanos() {
    return abandonedWarningNanos;
  }

  /** The seam's load now, for failure messages: "3/10 running, 0/100 queued, 1 abandoned". */
  String loadText() {
    int[] depth = lane.depth();
    return depth[0]
        + "/"
        + config.maxConcurrency()
        + " running, "
        + depth[1]
        + "/"
        + config.maxQueued()
        + " queued, "
        + abandoned.get()
        + " abandoned";
  }

  Lane lane() {
    return lane;
  }

  SeamWarnings warnings() {
    return warnings;
  }

  SeamClock clock() {
    return clock;
  }

  Outcomes outcomes() {
    return outcomes;
  }

  AtomicInteger abandonedCount() {
    return abandoned;
  }

  Executor asyncExecutor() {
    return asyncExecutor;
  }

  Executor completionExecutor() {
    return config.completionExecutor();
  }

  @Override
  public SeamStats stats() {
    int[] depth = lane.depth();
    return new SeamStats(
        name(),
        config.maxConcurrency(),
        config.maxQueued(),
        depth[0],
        depth[1],
        abandoned.get(),
        outcomes.submitted.sum(),
        outcomes.succeeded.sum(),
        outcomes.failed.sum(),
        outcomes.timedOut.sum(),
        outcomes.cancelled.sum(),
        outcomes.rejected.sum(),
        outcomes.queueWait.summary(),
        outcomes.runTime.summary(),
        outcomes.resourceWait.summary());
  }

  @Override
  public SeamHealth health() {
    return health.assess(stats(), isClosed());
  }

  @Override
  public boolean isClosed() {
    return lane.isClosed();
  }

  @Override
  public void close() {
    shutdown.close();
  }

  @Override
  public String toString() {
    return "Seam{" + name() + ", " + stats() + "}";
  }
}
