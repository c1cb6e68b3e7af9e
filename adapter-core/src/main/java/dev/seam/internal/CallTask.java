package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import dev.seam.ContextPropagator;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One submitted call: its state machine, its {@link CallContext}, its timer, its hooks and its
 * future. Everything about one call's life is here, so every race is a transition of one state.
 *
 * <p>States move only forward: {@code QUEUED -> RUNNING -> DONE} when the call returns in time;
 * {@code QUEUED -> DROPPED} when its future completes (deadline, cancel, close) before it starts;
 * {@code RUNNING -> ABANDONED} when its future completes while it runs. Whoever wins a transition
 * completes the future, so it completes exactly once, and a late result is dropped.
 *
 * <p>The worker publishes itself as the runner before it moves the call to {@code RUNNING}, and
 * clears a stray interrupt before that, so an abort that wins {@code RUNNING -> ABANDONED} always
 * knows whom to interrupt and its interrupt is never wiped. A worker that takes a call whose
 * deadline has passed drops it instead of starting it, even if the timer has not fired yet.
 */
final class CallTask<T> implements CallContext, Runnable {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;
  private static final int DROPPED = 4;

  /** How long hooks wait for an aborted call's future to complete before they run anyway. */
  private static final long HOOKS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(CallTask.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

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
  private final long slowCallNanos;
  final SeamFuture<T> future;

  @SuppressWarnings("unused") // through STATE
  private volatile int state = QUEUED;

  private volatile long startedNanos;
  private volatile SeamClock.Scheduled timer;

  /** The worker; written before the call becomes RUNNING, so whoever sees RUNNING sees it. */
  private Thread runner;

  // Lane bookkeeping, guarded by the lane's lock.
  boolean waitedInQueue;
  boolean inQueue;
  boolean live;
  CallTask<?> livePrev;
  CallTask<?> liveNext;

  /** Whether the worker returned, the hooks, the regions: the cancel side, under one monitor. */
  private final CancelState cancel = new CancelState(this);

  CallTask(
      SeamImpl seam,
      SeamCallable<? extends T> callable,
      ContextSnapshot context,
      CallSite callSite,
      long submittedNanos,
      long timeoutNanos,
      boolean interruptOnCancel,
      String description,
      long slowCallNanos) {
    this.seam = seam;
    this.callable = callable;
    this.context = context;
    this.callSite = callSite;
    this.submittedNanos = submittedNanos;
    this.timeoutNanos = timeoutNanos;
    this.interruptOnCancel = interruptOnCancel;
    this.description = description;
    this.slowCallNanos = slowCallNanos;
    this.future = new SeamFuture<>(this, context, seam.asyncExecutor());
  }

  private boolean moveTo(int from, int to) {
    return STATE.compareAndSet(this, from, to);
  }

  private int state() {
    return (int) STATE.getVolatile(this);
  }

  boolean isQueued() {
    return state() == QUEUED;
  }

  private boolean isFinished() {
    int s = state();
    return s == DONE || s == DROPPED || s == ABANDONED;
  }

  /** The worker executor runs this: the call, then whatever the lane hands this worker next. */
  @Override
  public void run() {
    seam.workLoop(this);
  }

  // --- the timer: one per call, first for the slow-call check if that comes first ---

  /** Arms the call's timer; called once the call is admitted. */
  void armTimer() {
    long slowAfter = slowCallNanos;
    boolean slowCheckFirst = slowAfter > 0 && slowAfter < timeoutNanos;
    long fireAfter = slowCheckFirst ? slowAfter : timeoutNanos;
    if (fireAfter == Long.MAX_VALUE) {
      return; // "forever": nothing will ever fire
    }
    arm(fireAfter, slowCheckFirst);
  }

  private void arm(long afterSubmission, boolean slowCheck) {
    SeamClock.Scheduled scheduled;
    try {
      long delay = afterSubmission - (seam.clock().nanoTime() - submittedNanos);
      scheduled =
          seam.clock().schedule(slowCheck ? this::slowCheckPassed : this::deadlinePassed, delay);
    } catch (RejectedExecutionException e) {
      abort(Abort.CLOSED); // the seam finished closing between admission and here
      return;
    } catch (RuntimeException e) { // a user clock that throws: the start-time check still holds
      seam.warnings().clockFailed(e);
      return;
    }
    timer = scheduled;
    if (isFinished()) {
      scheduled.cancel(); // finished while the timer was armed; don't keep it until it fires
    }
  }

  private void cancelTimer() {
    SeamClock.Scheduled t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private void deadlinePassed() {
    abort(Abort.TIMEOUT);
  }

  /** The slow-call threshold passed: say where a running call is stuck, then await the deadline. */
  private void slowCheckPassed() {
    if (state() == RUNNING && cancel.workerInCall()) {
      seam.warnings()
          .slowCall(runner, seam.clock().nanoTime() - startedNanos, slowCallNanos, timeoutNanos);
    }
    int s = state();
    if ((s == QUEUED || s == RUNNING) && timeoutNanos != Long.MAX_VALUE) {
      arm(timeoutNanos, false);
    }
  }

  // --- the worker's side ---

  /** Runs the call on the current (worker) thread, unless it was dropped or is already late. */
  void runOnWorker() {
    if (state() != QUEUED) {
      return;
    }
    // A stray interrupt (user code on this pool thread) must not hit this call. Ours can only come
    // after RUNNING below, so clearing here never wipes a cancel of this call.
    Thread.interrupted();
    runner = Thread.currentThread();
    long now = seam.clock().nanoTime();
    if (now - submittedNanos >= timeoutNanos) {
      abort(Abort.TIMEOUT); // the timer is late (busy or stalled): an expired call never starts
      return;
    }
    if (!moveTo(QUEUED, RUNNING)) {
      return; // dropped by a cancel, deadline or close that came first
    }
    startedNanos = now;
    seam.recordStart(now - submittedNanos, waitedInQueue);
    try {
      runInContext(now);
    } finally {
      cancel.workerReturned();
      Thread.interrupted(); // our interrupt may have landed after the call returned
      if (state() == ABANDONED) {
        seam.abandonedReturned(seam.clock().nanoTime() - now);
      }
    }
  }

  private void runInContext(long started) {
    ContextPropagator.Scope scope;
    try {
      scope = context.install();
    } catch (ContextSnapshot.ContextFailure f) {
      finish(null, null, contextFailure(f), seam.clock().nanoTime() - started);
      return;
    }
    try {
      if (context.hasAround()) { // a ScopedValue: bound only around the body, never set
        try {
          context.runAround(() -> callAndFinish(started));
        } catch (ContextSnapshot.ContextFailure f) { // the body did not run
          finish(null, null, contextFailure(f), seam.clock().nanoTime() - started);
        }
      } else {
        callAndFinish(started);
      }
    } finally {
      try {
        scope.close();
      } catch (ContextSnapshot.ContextFailure f) {
        seam.warnings().restoreFailed(f);
      }
    }
  }

  private void callAndFinish(long started) {
    T value = null;
    Throwable error = null;
    try {
      value = callable.call(this);
    } catch (Throwable t) { // the call's failure, whatever it is, belongs in its future
      error = t;
    }
    // Completed inside the caller's context, so plain CompletableFuture relays (allOf, anyOf)
    // that the worker runs see it too.
    finish(value, error, null, seam.clock().nanoTime() - started);
  }

  /** A propagator failure, naming the seam, the propagator and what did not happen. */
  SeamException contextFailure(ContextSnapshot.ContextFailure f) {
    return withCallSite(CallFailures.context(seam.name(), f));
  }

  private void finish(T value, Throwable error, SeamException seamError, long ran) {
    if (!moveTo(RUNNING, DONE)) {
      return; // abandoned: the future already completed, the late result goes nowhere
    }
    cancelTimer();
    Outcomes outcomes = seam.outcomes();
    // Recorded before the future completes, so stats read after a join include this call.
    outcomes.runTime.record(ran);
    if (seamError != null) {
      outcomes.failed.increment();
      complete(null, seamError, outcomes.failed, false);
    } else if (error == null) {
      outcomes.succeeded.increment();
      complete(value, null, outcomes.succeeded, false);
    } else {
      outcomes.failed.increment();
      SeamException failure =
          CallFailures.threw(
              seam.name(), description, timeoutNanos, startedNanos - submittedNanos, ran, error);
      complete(null, withCallSite(failure), outcomes.failed, false);
    }
  }

  /** The worker executor could not start the call: it fails with that cause, never throws. */
  void failToStart(Throwable cause) {
    if (!moveTo(QUEUED, DROPPED)) {
      return;
    }
    cancelTimer();
    Outcomes outcomes = seam.outcomes();
    outcomes.failed.increment();
    long waited = seam.clock().nanoTime() - submittedNanos;
    SeamException failure =
        CallFailures.threw(seam.name(), description, timeoutNanos, waited, 0, cause);
    complete(null, withCallSite(failure), outcomes.failed, true);
  }

  // --- completion from outside: deadline, the holder, close ---

  /** The holder completed the future (cancel, complete, orTimeout). */
  void completedByHolder() {
    abort(Abort.CANCELLED);
  }

  /** Completes the call from outside: deadline, cancel or close. Does nothing once finished. */
  void abort(Abort why) {
    boolean wasRunning;
    while (true) {
      int s = state();
      if (s == QUEUED) {
        if (moveTo(QUEUED, DROPPED)) {
          wasRunning = false;
          seam.lane().dropQueued(this);
          break;
        }
      } else if (s == RUNNING) {
        if (why == Abort.TIMEOUT) {
          // Atomic with opening a region: a deadline inside one waits for its end.
          synchronized (cancel) {
            if (cancel.deferTimeoutInRegion()) {
              return;
            }
            if (moveTo(RUNNING, ABANDONED)) {
              wasRunning = true;
              break;
            }
          }
        } else if (moveTo(RUNNING, ABANDONED)) {
          wasRunning = true;
          break;
        }
      } else {
        return;
      }
    }
    cancelTimer();
    Outcomes outcomes = seam.outcomes();
    LongAdder counted = why == Abort.TIMEOUT ? outcomes.timedOut : outcomes.cancelled;
    counted.increment();
    if (wasRunning) {
      seam.abandonedCount().incrementAndGet();
    }
    if (why == Abort.CANCELLED) { // the holder has completed the future already
      if (wasRunning) {
        handOverHooks();
      }
      return;
    }
    SeamException failure = withCallSite(abortException(why, wasRunning));
    if (wasRunning && !seam.hooksRunInline()) {
      // Hooks first, so a slow dependent stage run by this completion cannot delay them; they
      // still wait for the future to complete before they run.
      handOverHooks();
      complete(null, failure, counted, true);
    } else {
      complete(null, failure, counted, true);
      if (wasRunning) {
        handOverHooks();
      }
    }
  }

  private SeamException abortException(Abort why, boolean wasRunning) {
    long now = seam.clock().nanoTime();
    long started = wasRunning ? startedNanos : now;
    return CallFailures.aborted(
        why,
        seam.name(),
        description,
        timeoutNanos,
        started - submittedNanos,
        wasRunning ? now - started : 0,
        wasRunning);
  }

  /**
   * Completes the future, on the seam's {@code completeOn} executor if it has one. The counter that
   * recorded this outcome is corrected if the holder completed the future first, so stats agree
   * with what the caller saw.
   */
  private void complete(T value, Throwable error, LongAdder counted, boolean installContext) {
    Executor completion = seam.completionExecutor();
    if (completion != null) {
      try {
        completion.execute(() -> completeNow(value, error, counted, true));
        return;
      } catch (Throwable t) { // rejected or broken: complete in place rather than never
        seam.warnings().completionFailed(completion, t);
      }
    }
    completeNow(value, error, counted, installContext);
  }

  private void completeNow(T value, Throwable error, LongAdder counted, boolean installContext) {
    ContextPropagator.Scope scope = null;
    if (installContext) {
      try {
        scope = context.install();
      } catch (ContextSnapshot.ContextFailure f) { // the stages still get it: they carry it
        seam.warnings().restoreFailed(f);
      }
    }
    try {
      boolean won = error == null ? future.succeedFromSeam(value) : future.failFromSeam(error);
      if (!won) { // the holder completed it first: its caller saw a cancellation
        counted.decrement();
        seam.outcomes().cancelled.increment();
      }
    } finally {
      if (scope != null) {
        try {
          scope.close();
        } catch (ContextSnapshot.ContextFailure f) {
          seam.warnings().restoreFailed(f);
        }
      }
    }
  }

  <E extends SeamException> E withCallSite(E e) {
    if (callSite != null) {
      e.setStackTrace(callSite.frames());
    }
    return e;
  }

  /** Hands the hooks and the interrupt to a cancel thread. */
  void handOverHooks() {
    seam.runOffWorker(this::fireHooks);
  }

  /** Off the worker: once the future is complete, runs the hooks once, then interrupts. */
  private void fireHooks() {
    awaitFutureDone();
    List<CancelState.Hook> toRun = cancel.takeHooks();
    if (toRun == null) {
      return; // inside an uncancellable region: its end hands them over again
    }
    for (CancelState.Hook h : toRun) {
      h.run();
    }
    if (interruptOnCancel) {
      cancel.interruptUnlessReturned(runner);
    }
  }

  /** The documented order is "future completes, then hooks"; bounded, for a slow completeOn. */
  private void awaitFutureDone() {
    if (future.isDone()) {
      return;
    }
    long start = System.nanoTime();
    while (!future.isDone() && System.nanoTime() - start < HOOKS_WAIT_NANOS) {
      LockSupport.parkNanos(20_000);
    }
  }

  void hookFailed(CancelHook hook, Throwable t) {
    seam.warnings().hookFailed(hook, t);
  }

  void runOffWorker(Runnable r) {
    seam.runOffWorker(r);
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
    return timeoutNanos - (seam.clock().nanoTime() - submittedNanos);
  }

  @Override
  public boolean isCancelled() {
    int s = state();
    return s == ABANDONED || s == DROPPED;
  }

  @Override
  public Registration onCancel(CancelHook hook) {
    return cancel.register(hook);
  }

  @Override
  public Region uncancellable() {
    cancel.regionOpened();
    return new OpenRegion();
  }

  @Override
  public String toString() {
    String[] names = {"queued", "running", "done", "abandoned", "dropped"};
    return "CallTask{seam="
        + seam.name()
        + ", "
        + CallText.call(description)
        + ", "
        + names[state()]
        + "}";
  }

  /** One uncancellable region; closing it twice does nothing. */
  private final class OpenRegion implements Region {
    private boolean closed; // the region belongs to the worker thread

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cancel.regionClosed();
      }
    }
  }
}
