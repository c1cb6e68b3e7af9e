package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import dev.seam.ContextPropagator;
import dev.seam.SeamCallable;
import dev.seam.SeamCancellationException;
import dev.seam.SeamClock;
import dev.seam.SeamEvent;
import dev.seam.SeamException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
  private static final String[] STATE_NAMES = {"queued", "running", "done", "abandoned", "dropped"};

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;
  private static final int DROPPED = 4;

  /** Start-up shorter than this is noise in a failure message. */
  private static final long STARTUP_WORTH_SAYING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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

  /** Set when the future completed while the worker was in the call; for the warning. */
  private volatile Abandonment abandonment;

  /** The call's resource waits, made at its first; null for the calls that never wait. */
  private volatile ResourceWaits waits;

  /** When and why a running call was abandoned, and whether the warning named it. */
  private static final class Abandonment {
    final long atNanos;
    final Abort by;
    volatile boolean warned;

    Abandonment(long atNanos, Abort by) {
      this.atNanos = atNanos;
      this.by = by;
    }
  }

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
    this.future = new SeamFuture<>(this, context);
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
      SeamClock clock = seam.clock();
      long delay = afterSubmission - (clock.nanoTime() - submittedNanos);
      scheduled =
          clock instanceof TimerClock own
              ? own.schedule(this, slowCheck, delay) // no lambda per call
              : clock.schedule(slowCheck ? this::slowCheckPassed : this::deadlinePassed, delay);
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

  /** The default clock's timer fired: run the check it was armed for. Timer thread. */
  void timerFired(boolean slowCheck) {
    if (slowCheck) {
      slowCheckPassed();
    } else {
      deadlinePassed();
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
    startedNanos = now; // before RUNNING, so whoever sees RUNNING sees when it started
    if (!moveTo(QUEUED, RUNNING)) {
      return; // dropped by a cancel, deadline or close that came first
    }
    long queued = queuedNanos(now);
    seam.recordStart(queued, waitedInQueue);
    tell(SeamEvent.Kind.STARTED, queued, 0, null);
    try {
      runInContext(now);
    } finally {
      cancel.workerReturned();
      Thread.interrupted(); // our interrupt may have landed after the call returned
      if (state() == ABANDONED) {
        long end = seam.clock().nanoTime();
        Abandonment a = abandonment;
        if (a != null && a.warned) { // said before stats change, so whoever sees them sees this
          seam.warnings().abandonedReturned(this, end - a.atNanos, end - now);
        }
        seam.abandonedReturned(end - now);
        tell(SeamEvent.Kind.ABANDONED_RETURNED, queuedNanos(now), end - now, null);
      }
    }
  }

  /** The holder's completion won: reading what it completed with is paid only by listeners. */
  private void tellCancelledByHolder(long queuedNanos, long ranNanos) {
    if (seam.listeners() != null) {
      tell(SeamEvent.Kind.CANCELLED, queuedNanos, ranNanos, future.holderFailure());
    }
  }

  /** Tells the seam's listeners, if it has any; the only cost without them is this null check. */
  void tell(SeamEvent.Kind kind, long queuedNanos, long ranNanos, Throwable failure) {
    Listeners listeners = seam.listeners();
    if (listeners != null) {
      listeners.fire(
          new SeamEvent(
              seam.name(),
              kind,
              description,
              queuedNanos,
              ranNanos,
              resourceWaitNanos(),
              timeoutNanos,
              failure));
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
    long queued = queuedNanos(startedNanos);
    if (seamError != null) {
      outcomes.failed.increment();
      complete(null, seamError, SeamEvent.Kind.FAILED, false, queued, ran);
    } else if (error == null) {
      outcomes.succeeded.increment();
      complete(value, null, SeamEvent.Kind.SUCCEEDED, false, queued, ran);
    } else {
      outcomes.failed.increment();
      ResourceWaits w = waits;
      SeamException failure =
          CallFailures.threw(
              seam.name(),
              description,
              timeoutNanos,
              queued,
              ran,
              w == null ? 0 : w.totalNanos(),
              w == null ? null : w.last(),
              error);
      complete(null, withCallSite(failure), SeamEvent.Kind.FAILED, false, queued, ran);
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
        CallFailures.threw(seam.name(), description, timeoutNanos, waited, 0, 0, null, cause);
    complete(null, withCallSite(failure), SeamEvent.Kind.FAILED, true, waited, 0);
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
    SeamEvent.Kind kind =
        why == Abort.TIMEOUT ? SeamEvent.Kind.TIMED_OUT : SeamEvent.Kind.CANCELLED;
    outcomes.counter(kind).increment();
    long now = seam.clock().nanoTime();
    long queued = wasRunning ? queuedNanos(startedNanos) : now - submittedNanos;
    long ran = wasRunning ? now - startedNanos : 0;
    if (wasRunning) {
      seam.abandonedCount().incrementAndGet();
      abandonment = new Abandonment(now, why);
      watchAbandoned();
    }
    if (why == Abort.CANCELLED) { // the holder has completed the future already
      if (wasRunning) {
        handOverHooks();
      }
      tellCancelledByHolder(queued, ran);
      if (wasRunning) {
        tell(SeamEvent.Kind.ABANDONED, queued, ran, null);
      }
      return;
    }
    SeamException failure = withCallSite(abortException(why, wasRunning, queued, ran));
    if (wasRunning && !seam.hooksRunInline()) {
      // Hooks first, so a slow dependent stage run by this completion cannot delay them; they
      // still wait for the future to complete before they run.
      handOverHooks();
      complete(null, failure, kind, true, queued, ran);
    } else {
      complete(null, failure, kind, true, queued, ran);
      if (wasRunning) {
        handOverHooks();
      }
    }
    if (wasRunning) {
      tell(SeamEvent.Kind.ABANDONED, queued, ran, null);
    }
  }

  private SeamException abortException(Abort why, boolean wasRunning, long queued, long ran) {
    SeamException e =
        CallFailures.aborted(
            why,
            seam.name(),
            description,
            timeoutNanos,
            queued,
            ran,
            wasRunning,
            wasRunning ? waitsText() : null,
            circumstances(wasRunning));
    if (wasRunning && why == Abort.TIMEOUT) {
      Thread worker = runner;
      if (worker != null) { // where the call was at its deadline: paid only by timeouts
        e.addSuppressed(new WorkerStack(worker, "at the deadline"));
      }
    }
    return e;
  }

  /**
   * Time the call sat in the queue before a worker started it at {@code started}. A call admitted
   * with a free permit did not queue: whatever passed until its worker ran (a new thread starting
   * on a loaded machine) is start-up, reported apart by {@link #startupText}, not queue wait.
   */
  private long queuedNanos(long started) {
    return waitedInQueue ? started - submittedNanos : 0;
  }

  /** "; 25 ms starting a worker thread" when a call that did not queue waited for its thread. */
  private String startupText() {
    long startup = waitedInQueue ? 0 : startedNanos - submittedNanos;
    return startup >= STARTUP_WORTH_SAYING_NANOS
        ? Durations.formatNanos(startup) + " starting a worker thread; "
        : "";
  }

  /** What the worker was waiting for at the deadline, or had waited for; null if nothing. */
  private String waitsText() {
    ResourceWaits w = waits;
    return w == null ? null : w.text();
  }

  /** The seam's load and what the cancel will do, for a failure message. */
  private String circumstances(boolean wasRunning) {
    String load = seam.loadText();
    if (!wasRunning) {
      return load + "; dropped from the queue, nothing to stop";
    }
    int hooks = cancel.pendingHooks();
    return startupText()
        + load
        + "; cancel: "
        + (hooks == 0 ? "no cancel hook" : hooks == 1 ? "1 cancel hook" : hooks + " cancel hooks")
        + (interruptOnCancel ? ", worker interrupted" : ", worker not interrupted");
  }

  /** The exception a caller's {@code cancel(...)} completes the future with. */
  CancellationException cancellation() {
    int s = state();
    long now = seam.clock().nanoTime();
    boolean running = s == RUNNING;
    long queued = running ? queuedNanos(startedNanos) : now - submittedNanos;
    SeamCancellationException e =
        new SeamCancellationException(
            seam.name(),
            description,
            queued,
            running ? now - startedNanos : 0,
            running,
            circumstances(running));
    if (callSite != null) {
      e.initCause(new CallSiteTrace(seam.name(), callSite.frames()));
    }
    return e;
  }

  /** Arms the abandoned-call warning's check, if the seam has one. */
  private void watchAbandoned() {
    long after = seam.abandonedWarningNanos();
    if (after <= 0 || after == Long.MAX_VALUE) {
      return;
    }
    try {
      seam.clock().schedule(this::abandonedCheck, after);
    } catch (RuntimeException e) { // closing, or a user clock that throws: no warning then
      return;
    }
  }

  private void abandonedCheck() {
    Thread worker = runner;
    Abandonment a = abandonment;
    if (state() == ABANDONED && a != null && worker != null && cancel.workerInCall()) {
      long now = seam.clock().nanoTime();
      a.warned =
          seam.warnings()
              .abandonedCall(
                  this,
                  a.by == Abort.TIMEOUT ? "its deadline" : "it was cancelled",
                  now - a.atNanos,
                  now - startedNanos,
                  worker);
    }
  }

  String description() {
    return description;
  }

  Executor asyncExecutor() {
    return seam.asyncExecutor();
  }

  // --- resource waits ---

  @Override
  public Waiting waitingFor(String resource) {
    java.util.Objects.requireNonNull(resource, "resource");
    ResourceWaits w = waits;
    if (w == null) { // the worker is the only writer
      w = new ResourceWaits(seam.clock(), seam.outcomes().resourceWait);
      waits = w;
    }
    return w.begin(resource);
  }

  private long resourceWaitNanos() {
    ResourceWaits w = waits;
    return w == null ? 0 : w.totalNanos();
  }

  /**
   * Completes the future, on the seam's {@code completeOn} executor if it has one. The counter that
   * recorded this outcome is corrected if the holder completed the future first, so stats agree
   * with what the caller saw.
   */
  private void complete(
      T value,
      Throwable error,
      SeamEvent.Kind kind,
      boolean installContext,
      long queued,
      long ran) {
    Executor completion = seam.completionExecutor();
    if (completion != null) {
      try {
        completion.execute(() -> completeNow(value, error, kind, true, queued, ran));
        return;
      } catch (Throwable t) { // rejected or broken: complete in place rather than never
        seam.warnings().completionFailed(completion, t);
      }
    }
    completeNow(value, error, kind, installContext, queued, ran);
  }

  private void completeNow(
      T value,
      Throwable error,
      SeamEvent.Kind kind,
      boolean installContext,
      long queued,
      long ran) {
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
      if (won) {
        tell(kind, queued, ran, error);
      } else { // the holder completed it first: its caller saw a cancellation
        Outcomes outcomes = seam.outcomes();
        outcomes.counter(kind).decrement();
        outcomes.cancelled.increment();
        tellCancelledByHolder(queued, ran);
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
    // With the future complete and no hook to run, the interrupt is all that is left: send it
    // here rather than wake a cancel thread for it (a cancel(true) round trip was 1.5x a
    // FutureTask's with the hand-off).
    if (future.isDone() && cancel.fireIfNoHooks(interruptOnCancel ? runner : null)) {
      return;
    }
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
    return "CallTask{seam="
        + seam.name()
        + ", "
        + CallText.call(description)
        + ", "
        + STATE_NAMES[state()]
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
