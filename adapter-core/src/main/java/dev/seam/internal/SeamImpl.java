package dev.seam.internal;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamClosedException;
import dev.seam.SeamException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seam: admission (permits and a bounded queue under one lock), the worker loop, and close.
 *
 * <p>A permit is taken at admission and given back only when a worker finds the queue empty after
 * its call returned, so a call abandoned by its caller keeps its permit until its worker really
 * returns. A worker that finishes a call takes the next queued one itself, skipping calls that were
 * dropped while queued.
 */
public final class SeamImpl implements Seam {

  private final SeamConfig config;
  private final SeamThreads threads = new SeamThreads();
  private final SeamClock clock;
  private final TimerClock ownTimer;
  private final Executor workers;
  private final ExecutorService ownWorkers;
  private final Executor cancelExecutor;
  private final ExecutorService ownCancellers;
  private final Executor asyncExecutor;
  private final Outcomes outcomes = new Outcomes();
  private final AtomicInteger abandoned = new AtomicInteger();
  private final Set<CallTask<?>> runningCalls = ConcurrentHashMap.newKeySet();
  private final SeamWarnings warnings;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<CallTask<?>> queue = new ArrayDeque<>();
  private int running; // guarded by lock
  private volatile boolean closed; // written under lock

  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CountDownLatch closeFinished = new CountDownLatch(1);

  private SeamImpl(SeamConfig config) {
    this.config = config;
    this.ownTimer = config.clock() == null ? new TimerClock(threads.timer(config.name())) : null;
    this.clock = ownTimer != null ? ownTimer : config.clock();
    this.warnings = new SeamWarnings(config, clock);
    this.ownWorkers =
        config.workerExecutor() == null
            ? threads.workers(config.name(), config.threadMode(), config.maxConcurrency())
            : null;
    this.workers = ownWorkers != null ? ownWorkers : config.workerExecutor();
    this.ownCancellers = config.cancelExecutor() == null ? threads.cancellers(config.name()) : null;
    this.cancelExecutor = ownCancellers != null ? ownCancellers : config.cancelExecutor();
    Executor asyncBase =
        config.completionExecutor() != null
            ? config.completionExecutor()
            : new CompletableFuture<Void>().defaultExecutor();
    this.asyncExecutor = new ContextExecutor(asyncBase, config.propagators());
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
    long now = clock.nanoTime();
    outcomes.submitted.increment();
    Duration timeout = options.timeoutOrNull() != null ? options.timeoutOrNull() : config.timeout();
    Boolean interrupt = options.interruptOnCancelOrNull();
    CallSite site = config.captureCallSite() ? CallSite.capture() : null;
    CallTask<T> task =
        new CallTask<>(
            this,
            callable,
            ContextSnapshot.capture(config.propagators()),
            site,
            now,
            timeout.toNanos(),
            interrupt != null ? interrupt : config.interruptOnCancel(),
            options.descriptionOrNull());

    SeamException refused = null;
    boolean start = false;
    lock.lock();
    try {
      if (closed) {
        refused = new SeamClosedException(name(), "seam '" + name() + "' is closed");
      } else if (running < config.maxConcurrency()) {
        running++;
        start = true;
      } else if (queue.size() < config.maxQueued()) {
        queue.addLast(task);
        task.waitedInQueue = true;
      } else {
        refused =
            new SeamRejectedException(
                name(), running, config.maxConcurrency(), queue.size(), config.maxQueued());
      }
    } finally {
      lock.unlock();
    }
    if (refused != null) {
      outcomes.rejected.increment();
      if (site != null) {
        refused.setStackTrace(site.frames());
      }
      SeamFuture<T> failed = task.future;
      failed.failFromSeam(refused);
      return failed;
    }
    task.armDeadline();
    if (start) {
      dispatch(task);
    }
    return task.future;
  }

  private void dispatch(CallTask<?> first) {
    try {
      workers.execute(() -> workLoop(first));
    } catch (RejectedExecutionException e) {
      // Only possible once close() shut the workers down; the call cannot run.
      releasePermit();
      first.abort(CallTask.Abort.CLOSED);
    }
  }

  private void workLoop(CallTask<?> first) {
    CallTask<?> task = first;
    while (task != null) {
      runningCalls.add(task);
      try {
        task.runOnWorker();
      } finally {
        runningCalls.remove(task);
      }
      task = nextOrRelease();
    }
  }

  /** Takes the next live queued call, keeping the permit; or gives the permit back. */
  private CallTask<?> nextOrRelease() {
    lock.lock();
    try {
      CallTask<?> next;
      while ((next = queue.pollFirst()) != null) {
        if (next.isQueued()) {
          return next;
        }
      }
      running--;
      if (running == 0) {
        idle.signalAll();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void releasePermit() {
    lock.lock();
    try {
      running--;
      if (running == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  void removeQueued(CallTask<?> task) {
    lock.lock();
    try {
      queue.remove(task);
      if (running == 0 && queue.isEmpty()) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
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

  Executor cancelExecutor() {
    return cancelExecutor;
  }

  Executor asyncExecutor() {
    return asyncExecutor;
  }

  Executor completionExecutor() {
    return config.completionExecutor();
  }

  @Override
  public SeamStats stats() {
    int r;
    int q;
    int a;
    lock.lock();
    try {
      r = running;
      q = queue.size();
      a = abandoned.get();
    } finally {
      lock.unlock();
    }
    return new SeamStats(
        name(),
        config.maxConcurrency(),
        config.maxQueued(),
        r,
        q,
        a,
        outcomes.submitted.sum(),
        outcomes.succeeded.sum(),
        outcomes.failed.sum(),
        outcomes.timedOut.sum(),
        outcomes.cancelled.sum(),
        outcomes.rejected.sum(),
        outcomes.queueWait.summary(),
        outcomes.runTime.summary());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      awaitUninterruptibly(closeFinished);
      return;
    }
    try {
      long grace = config.shutdownGrace().toNanos();
      List<CallTask<?>> leftovers = new ArrayList<>();
      lock.lock();
      try {
        closed = true;
        long waitNanos = grace;
        while ((running > 0 || !queue.isEmpty()) && waitNanos > 0) {
          waitNanos = idle.awaitNanos(waitNanos);
        }
        leftovers.addAll(queue);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stop waiting, cancel the rest now
      } finally {
        lock.unlock();
      }
      leftovers.addAll(runningCalls);
      for (CallTask<?> task : leftovers) {
        task.abort(CallTask.Abort.CLOSED);
      }
      stopThreads(grace);
    } finally {
      closeFinished.countDown();
    }
  }

  private void stopThreads(long graceNanos) {
    long bound = Math.max(graceNanos, TimeUnit.MILLISECONDS.toNanos(500));
    if (ownWorkers != null) {
      ownWorkers.shutdown();
      if (!awaitTermination(ownWorkers, bound)) {
        warnings.workersStuckAtClose(abandoned.get(), runningCalls);
      }
    }
    if (ownCancellers != null) {
      ownCancellers.shutdown();
      awaitTermination(ownCancellers, bound);
    }
    if (ownTimer != null) {
      ownTimer.executor().shutdownNow();
      awaitTermination(ownTimer.executor(), bound);
    }
    List<Thread> left = threads.joinAll(bound);
    if (!left.isEmpty()) {
      warnings.threadsLeftAtClose(left);
    }
  }

  private static boolean awaitTermination(ExecutorService service, long nanos) {
    try {
      return service.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return service.isTerminated();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Seam{" + name() + ", " + stats() + "}";
  }
}
