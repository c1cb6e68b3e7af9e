package dev.seam.internal;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The seam: the API's entry points, stats, health and close. It builds what its calls share once (a
 * {@link CallRuntime}: clock, {@link Lane}, {@link CallObserver}, executors) and hands it to each
 * {@link CallTask}, which owns the rest of a call's life, from admission to its last event. Close
 * is {@link SeamShutdown}'s. {@code call(...)} never throws: bad arguments, a throwing context
 * propagator, a full or closed seam all fail the returned future.
 */
public final class SeamImpl implements Seam {

  private final SeamConfig config;
  private final SeamThreads threads;
  private final SeamClock clock;
  private final Lane lane;
  private final CallObserver observer;
  private final Outcomes outcomes;
  private final HealthWindow health;
  private final CallRuntime runtime;
  private final SeamShutdown shutdown;

  private SeamImpl(SeamConfig config, SeamThreadFactory threadFactory) {
    this.config = config;
    this.threads = new SeamThreads(threadFactory);
    TimerClock ownTimer =
        config.clock() == null ? new TimerClock(threads.timer(config.name())) : null;
    this.clock = ownTimer != null ? ownTimer : config.clock();
    SeamWarnings warnings = new SeamWarnings(config, clock);
    ExecutorService ownWorkers =
        config.workerExecutor() == null
            ? threads.workers(config.name(), config.threadMode(), config.maxConcurrency())
            : null;
    ExecutorService ownCancellers =
        config.cancelExecutor() == null ? threads.cancellers(config.name()) : null;
    this.lane = new Lane(config.maxConcurrency(), config.maxQueued());
    Listeners listeners = Listeners.of(config.name(), config.listeners(), clock);
    this.health = new HealthWindow(clock);
    this.observer = new CallObserver(lane, warnings, listeners, health, this::stats);
    this.outcomes = observer.outcomes();
    this.runtime =
        new CallRuntime(
            config.name(),
            clock,
            ownTimer,
            lane,
            observer,
            ownWorkers != null ? ownWorkers : config.workerExecutor(),
            ownCancellers != null ? ownCancellers : config.cancelExecutor(),
            config.completionExecutor() != null
                ? config.completionExecutor()
                : new CompletableFuture<Void>().defaultExecutor(),
            config.completionExecutor(),
            config.cancelExecutor() != null,
            config.abandonedCallWarning().toNanos());
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
            observer);
  }

  /**
   * Starts a seam with validated settings.
   *
   * @param config the settings
   * @return the seam
   */
  public static SeamImpl start(SeamConfig config) {
    return new SeamImpl(config, SeamThreadFactory.SYSTEM);
  }

  /**
   * Starts a seam whose own platform threads come from {@code threads}: for tests that make
   * starting a thread fail as the JVM does when it runs out of native threads.
   *
   * @param config the settings
   * @param threads where the seam's platform threads come from
   * @return the seam
   */
  public static SeamImpl start(SeamConfig config, SeamThreadFactory threads) {
    return new SeamImpl(config, threads);
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
    observer.submitted();
    long now;
    try {
      now = clock.nanoTime();
    } catch (RuntimeException | Error e) { // a user clock that throws: fail the call, never throw
      observer.failedAtSubmission();
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
            runtime,
            callable,
            context,
            site,
            now,
            timeout.toNanos(), // capped where it was set: SeamConfig, CallOptions, @SeamTimeout
            interrupt != null ? interrupt : config.interruptOnCancel(),
            options.descriptionOrNull(),
            slowCallNanos(options));
    return task.submit(contextFailure);
  }

  private long slowCallNanos(CallOptions options) {
    if (options.isLongLived()) {
      return CallTask.LONG_LIVED; // runs long by design: never a slow call, its end is no failure
    }
    Duration own = options.slowCallWarningOrNull();
    return (own != null ? own : config.slowCallWarning()).toNanos();
  }

  @Override
  public SeamStats stats() {
    Lane.Load load = lane.load();
    return new SeamStats(
        name(),
        config.maxConcurrency(),
        config.maxQueued(),
        load.running(),
        load.queued(),
        load.abandoned(),
        outcomes.submitted.sum(),
        outcomes.succeeded.sum(),
        outcomes.failed.sum(),
        outcomes.timedOut.sum(),
        outcomes.cancelled.sum(),
        outcomes.rejected.sum(),
        outcomes.ended.sum(),
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
