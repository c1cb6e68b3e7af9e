package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import dev.seam.ContextPropagator;
import dev.seam.SeamCallException;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamClosedException;
import dev.seam.SeamException;
import dev.seam.SeamTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One submitted call: its state machine, its {@link CallContext}, and its future.
 *
 * <p>States move only forward: {@code QUEUED -> RUNNING -> DONE} when the call returns in time;
 * {@code QUEUED -> DROPPED} when its future completes (deadline, cancel, close) before it starts;
 * {@code RUNNING -> ABANDONED} when its future completes while it runs. Whoever wins the state
 * transition completes the future, so it completes exactly once, and a late result is dropped.
 */
final class CallTask<T> implements CallContext {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;
  private static final int DROPPED = 4;

  /** Why a call's future completed from outside the call. */
  enum Abort {
    TIMEOUT,
    CANCELLED,
    CLOSED
  }

  private final SeamImpl seam;
  private final SeamCallable<? extends T> callable;
  private final ContextSnapshot context;
  private final CallSite callSite;
  private final long submittedNanos;
  private final long timeoutNanos;
  private final boolean interruptOnCancel;
  private final String description;
  final SeamFuture<T> future;

  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private volatile long startedNanos;

  /** Set under the seam's lock when the call had to wait for a permit. */
  boolean waitedInQueue;

  private volatile SeamClock.Scheduled deadline;

  // Guarded by this: the worker running the call, whether it returned, and the hooks.
  private Thread runner;
  private boolean returned;
  private boolean hooksFired;
  private List<Hook> hooks;

  CallTask(
      SeamImpl seam,
      SeamCallable<? extends T> callable,
      ContextSnapshot context,
      CallSite callSite,
      long submittedNanos,
      long timeoutNanos,
      boolean interruptOnCancel,
      String description) {
    this.seam = seam;
    this.callable = callable;
    this.context = context;
    this.callSite = callSite;
    this.submittedNanos = submittedNanos;
    this.timeoutNanos = timeoutNanos;
    this.interruptOnCancel = interruptOnCancel;
    this.description = description;
    this.future = new SeamFuture<>(this, seam.asyncExecutor());
  }

  boolean isQueued() {
    return state.get() == QUEUED;
  }

  /** Schedules the deadline; called once the call is admitted. */
  void armDeadline() {
    long deadlineAt = submittedNanos + timeoutNanos;
    long slowAfter = seam.config().slowCallWarning().toNanos();
    // One timer per call: it fires first at the slow-call check, if that comes before the
    // deadline, and re-arms itself for the deadline. Calls that finish early pay for one timer.
    boolean slowCheckFirst = slowAfter > 0 && slowAfter < timeoutNanos;
    long fireAt = slowCheckFirst ? submittedNanos + slowAfter : deadlineAt;
    arm(fireAt, slowCheckFirst);
  }

  private void arm(long fireAt, boolean slowCheck) {
    SeamClock.Scheduled scheduled;
    try {
      long delay = fireAt - seam.clock().nanoTime();
      scheduled =
          seam.clock().schedule(slowCheck ? this::slowCheckPassed : this::deadlinePassed, delay);
    } catch (RejectedExecutionException e) {
      abort(Abort.CLOSED); // the seam finished closing between admission and here
      return;
    }
    deadline = scheduled;
    int s = state.get();
    if (s == DONE || s == DROPPED || s == ABANDONED) {
      scheduled.cancel(); // finished before the timer was armed; don't keep it until it fires
    }
  }

  /** Runs the call on the current (worker) thread. Returns at once if the call was dropped. */
  void runOnWorker() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return;
    }
    long started = seam.clock().nanoTime();
    startedNanos = started;
    synchronized (this) {
      runner = Thread.currentThread();
    }
    seam.recordStart(started - submittedNanos, waitedInQueue);
    Thread.interrupted(); // a stale interrupt must not hit this call
    try (ContextPropagator.Scope ignored = context.install()) {
      T value = null;
      Throwable error = null;
      try {
        value = callable.call(this);
      } catch (Throwable t) { // the call's failure, whatever it is, belongs in its future
        error = t;
      }
      finish(value, error, seam.clock().nanoTime() - started); // in the caller's context
    } finally {
      synchronized (this) {
        returned = true;
      }
      Thread.interrupted(); // our interrupt may have landed after the call returned
      if (state.get() == ABANDONED) {
        seam.abandonedReturned(seam.clock().nanoTime() - started);
      }
    }
  }

  private void finish(T value, Throwable error, long ran) {
    if (!state.compareAndSet(RUNNING, DONE)) {
      return; // abandoned: the future already completed, the late result goes nowhere
    }
    SeamClock.Scheduled d = deadline;
    if (d != null) {
      d.cancel();
    }
    // Recorded before the future completes, so stats read after a join include this call.
    seam.outcomes().runTime.record(ran);
    if (error == null) {
      seam.outcomes().succeeded.increment();
      complete(value, null, false);
    } else {
      seam.outcomes().failed.increment();
      SeamCallException failure =
          new SeamCallException(
              seam.name(),
              description,
              Duration.ofNanos(timeoutNanos),
              Duration.ofNanos(startedNanos - submittedNanos),
              Duration.ofNanos(ran),
              error);
      complete(null, withCallSite(failure), false);
    }
  }

  private void deadlinePassed() {
    abort(Abort.TIMEOUT);
  }

  /** The slow-call threshold passed: say where a running call is stuck, then await the deadline. */
  private void slowCheckPassed() {
    if (state.get() == RUNNING) {
      Thread worker;
      synchronized (this) {
        worker = returned ? null : runner;
      }
      if (worker != null) {
        seam.warnings().slowCall(worker, seam.clock().nanoTime() - startedNanos, timeoutNanos);
      }
    }
    int s = state.get();
    if (s == QUEUED || s == RUNNING) {
      arm(submittedNanos + timeoutNanos, false);
    }
  }

  /** The holder completed the future (cancel, complete, orTimeout). */
  void completedByHolder() {
    abort(Abort.CANCELLED);
  }

  /** Completes the call from outside: deadline, cancel or close. Does nothing once finished. */
  void abort(Abort why) {
    boolean wasRunning;
    if (state.compareAndSet(QUEUED, DROPPED)) {
      wasRunning = false;
      seam.removeQueued(this);
    } else if (state.compareAndSet(RUNNING, ABANDONED)) {
      wasRunning = true;
      seam.abandonedCount().incrementAndGet();
    } else {
      return;
    }
    SeamClock.Scheduled d = deadline;
    if (d != null && why != Abort.TIMEOUT) {
      d.cancel();
    }
    switch (why) {
      case TIMEOUT -> seam.outcomes().timedOut.increment();
      case CANCELLED -> seam.outcomes().cancelled.increment();
      case CLOSED -> seam.outcomes().cancelled.increment();
    }
    if (why != Abort.CANCELLED) {
      complete(null, withCallSite(abortException(why, wasRunning)), true);
    }
    if (wasRunning) {
      seam.cancelExecutor().execute(this::fireHooks);
    }
  }

  private SeamException abortException(Abort why, boolean wasRunning) {
    long now = seam.clock().nanoTime();
    long started = wasRunning ? startedNanos : now;
    Duration queued = Duration.ofNanos(started - submittedNanos);
    Duration ran = Duration.ofNanos(wasRunning ? now - started : 0);
    if (why == Abort.TIMEOUT) {
      return new SeamTimeoutException(
          seam.name(), description, Duration.ofNanos(timeoutNanos), queued, ran, wasRunning);
    }
    return new SeamClosedException(
        seam.name(),
        "seam '"
            + seam.name()
            + "' closed before the "
            + CallText.call(description)
            + " finished ("
            + Durations.format(queued)
            + " queued, "
            + (wasRunning ? Durations.format(ran) + " running" : "never started")
            + ")");
  }

  /** Completes the future, with the caller's context installed when off the worker. */
  private void complete(T value, Throwable error, boolean installContext) {
    Executor completion = seam.completionExecutor();
    if (completion != null) {
      try {
        completion.execute(() -> completeInContext(value, error, true));
        return;
      } catch (RejectedExecutionException e) {
        // fall through: complete in place rather than never
      }
    }
    completeInContext(value, error, installContext);
  }

  private void completeInContext(T value, Throwable error, boolean installContext) {
    try (ContextPropagator.Scope ignored = installContext ? context.install() : null) {
      if (error == null) {
        future.succeedFromSeam(value);
      } else {
        future.failFromSeam(error);
      }
    }
  }

  private <E extends SeamException> E withCallSite(E e) {
    if (callSite != null) {
      e.setStackTrace(callSite.frames());
    }
    return e;
  }

  /** On a cancel thread: runs every registered hook once, then interrupts the worker. */
  private void fireHooks() {
    List<Hook> toRun;
    synchronized (this) {
      hooksFired = true;
      toRun = hooks == null ? List.of() : new ArrayList<>(hooks);
      hooks = null;
    }
    for (Hook h : toRun) {
      h.run();
    }
    if (interruptOnCancel) {
      synchronized (this) {
        if (!returned && runner != null) {
          runner.interrupt();
        }
      }
    }
  }

  // --- CallContext ---

  @Override
  public String seamName() {
    return seam.name();
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  @Override
  public long remainingNanos() {
    return submittedNanos + timeoutNanos - seam.clock().nanoTime();
  }

  @Override
  public boolean isCancelled() {
    int s = state.get();
    return s == ABANDONED || s == DROPPED;
  }

  @Override
  public Registration onCancel(CancelHook hook) {
    Objects.requireNonNull(hook, "hook");
    Hook h = new Hook(hook);
    boolean runNow;
    synchronized (this) {
      runNow = hooksFired;
      if (!runNow) {
        if (hooks == null) {
          hooks = new ArrayList<>(2);
        }
        hooks.add(h);
      }
    }
    if (runNow) {
      seam.cancelExecutor().execute(h::run);
    }
    return h;
  }

  @Override
  public Region uncancellable() {
    return () -> {}; // deferral arrives with the call-state rework
  }

  @Override
  public String toString() {
    return "CallTask{seam=" + seam.name() + ", state=" + state.get() + "}";
  }

  /** A registered hook; runs at most once, and not after it was closed. */
  private final class Hook implements Registration {
    private final CancelHook action;
    private final AtomicInteger done = new AtomicInteger();

    Hook(CancelHook action) {
      this.action = action;
    }

    void run() {
      if (done.compareAndSet(0, 1)) {
        try {
          action.cancel();
        } catch (Throwable t) { // one broken hook must not stop the others
          seam.warnings().hookFailed(action, t);
        }
      }
    }

    @Override
    public void close() {
      if (done.compareAndSet(0, 2)) {
        synchronized (CallTask.this) {
          if (hooks != null) {
            hooks.remove(this);
          }
        }
      }
    }
  }
}
