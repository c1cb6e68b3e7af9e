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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One submitted call: its state machine, its {@link CallContext}, its timer, its hooks and its
 * future. Everything about one call's life is here, so every race is a transition of one state; it
 * reads what it shares with the seam's other calls from a {@link CallRuntime} and tells one {@link
 * CallObserver} about each transition, with the {@link CallFacts} of that moment.
 *
 * <p>Read it top-down: {@link #submit} (admit, queue, arm the timer, dispatch), {@link #run} (the
 * worker loop), {@link #runOnWorker} and {@link #finish} (the call returns), then completion from
 * outside: {@link #abort} (deadline, close), {@link #cancelFrom} (a caller's cancel) and {@link
 * #completedByHolder}; last, the hooks and the interrupt.
 *
 * <p>States move only forward: {@code QUEUED -> RUNNING -> DONE} when the call returns in time;
 * {@code QUEUED -> REFUSED} when the lane refuses it or its caller's context cannot be captured;
 * {@code QUEUED -> DROPPED} when its future completes (deadline, cancel, close, no worker thread)
 * before it starts; {@code RUNNING -> ABANDONED} when its future completes while it runs. Whoever
 * wins a transition completes the future, so it completes exactly once, and a late result is
 * dropped.
 *
 * <p>The worker publishes itself as the runner before it moves the call to {@code RUNNING}, and
 * clears a stray interrupt before that, so an abort that wins {@code RUNNING -> ABANDONED} always
 * knows whom to interrupt and its interrupt is never wiped. A worker that takes a call whose
 * deadline has passed drops it instead of starting it, even if the timer has not fired yet.
 */
final class CallTask<T> implements CallContext, Runnable, TimerClock.Due {
  private static final String[] STATE_NAMES = {
    "queued", "running", "done", "abandoned", "dropped", "refused"
  };

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int ABANDONED = 3;
  private static final int DROPPED = 4;
  private static final int REFUSED = 5;

  /**
   * {@code slowCallNanos} of a long-lived call ({@code CallOptions.withLongLived}): no slow-call
   * check, and its ends from outside count as "ended". Kept in that field, not a new one, so an
   * ordinary call's task is no larger.
   */
  static final long LONG_LIVED = -1;

  /** Start-up shorter than this is noise in a failure message. */
  private static final long STARTUP_WORTH_SAYING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How long hooks wait for an aborted call's future to complete before they run anyway. */
  private static final long HOOKS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final VarHandle STATE;
  private static final VarHandle TIMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(CallTask.class, "state", int.class);
      TIMER = lookup.findVarHandle(CallTask.class, "timer", SeamClock.Scheduled.class);
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

  private final CallRuntime rt;
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

  /**
   * The call's one live timer: the deadline (or the slow-call check before it), then, once the call
   * is abandoned, the abandoned-call check. Cancelled when the call finishes and when its worker
   * returns, so no timer outlives the call.
   */
  @SuppressWarnings("unused") // through TIMER
  private volatile SeamClock.Scheduled timer;

  /** Set when the future completed while the worker was in the call; for the warning. */
  private volatile Abandonment abandonment;

  /** The call's resource waits, made at its first; null for the calls that never wait. */
  private volatile ResourceWaits waits;

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
      CallRuntime rt,
      SeamCallable<? extends T> callable,
      ContextSnapshot context,
      CallSite callSite,
      long submittedNanos,
      long timeoutNanos,
      boolean interruptOnCancel,
      String description,
      long slowCallNanos) {
    this.rt = rt;
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
    return s == DONE || s == DROPPED || s == ABANDONED || s == REFUSED;
  }

  // --- submission: admit, queue, arm the timer, dispatch ---

  /**
   * Starts the call's life on the submitting thread and returns its future; never throws. A call
   * whose caller's context could not be captured, or that the lane refuses, is {@code REFUSED} and
   * its future fails here. An admitted call arms its timer, then goes to a worker if it got a
   * permit; a queued one waits for a worker to take it from the lane.
   */
  SeamFuture<T> submit(ContextSnapshot.ContextFailure contextFailure) {
    if (contextFailure != null) {
      SeamException failure = contextFailure(contextFailure);
      refuse(failure);
      rt.observer.contextFailed(submissionFacts(), failure);
      return future;
    }
    Lane.Refusal refusal = rt.lane.admit(this);
    if (refusal != null) {
      SeamException refused = Rejection.of(rt, description, refusal, submittedNanos);
      refuse(withCallSite(refused));
      rt.observer.refused(submissionFacts(), refused, submittedNanos);
      return future;
    }
    if (rt.observer.hasListeners()) {
      rt.observer.queued(submissionFacts());
    }
    armTimer();
    if (!waitedInQueue) {
      dispatch();
    }
    return future;
  }

  /** Never admitted: no timer, no lane, no worker; only its future to fail. */
  private void refuse(SeamException why) {
    moveTo(QUEUED, REFUSED); // no one else knows the call yet
    future.failFromSeam(why);
  }

  private CallFacts submissionFacts() {
    return facts(0, 0, false, null);
  }

  /** Hands a call that got a permit to a new worker; a failure to do so is the call's. */
  private void dispatch() {
    try {
      rt.workers.execute(this);
    } catch (RejectedExecutionException e) {
      // Only possible once close() shut the workers down; the call cannot run.
      rt.lane.dispatchFailed(this);
      abort(Abort.CLOSED);
    } catch (RuntimeException | Error e) { // no thread to be had (OutOfMemoryError): fail the call
      rt.lane.dispatchFailed(this);
      failToStart(e);
    }
  }

  /** The worker executor could not start the call: it fails with that cause, never throws. */
  private void failToStart(Throwable cause) {
    if (!moveTo(QUEUED, DROPPED)) {
      return;
    }
    cancelTimer();
    rt.observer.stopped(SeamEvent.Kind.FAILED, false, false);
    long waited = now(submittedNanos) - submittedNanos;
    CallFacts facts = facts(waited, 0, false, null);
    complete(null, withCallSite(facts.threw(cause)), SeamEvent.Kind.FAILED, facts, true, false);
  }

  /** A worker's life: the call it was started for, then each queued call the lane hands it. */
  @Override
  public void run() {
    for (CallTask<?> task = this; task != null; task = rt.lane.next(task)) {
      task.runOnWorker();
    }
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
      long delay = afterSubmission - (rt.clock.nanoTime() - submittedNanos);
      TimerClock own = rt.ownTimer;
      scheduled =
          own != null
              ? own.schedule(this, slowCheck, delay) // no lambda per call
              : rt.clock.schedule(slowCheck ? this::slowCheckPassed : this::deadlinePassed, delay);
    } catch (RejectedExecutionException e) {
      abort(Abort.CLOSED); // the seam finished closing between admission and here
      return;
    } catch (TimerClock.StartFailed e) { // no timer thread yet: the node fires once one starts
      rt.warnings.clockFailed(e.getCause());
      scheduled = e.scheduled();
    } catch (RuntimeException | Error e) {
      // A user clock that throws, or no thread to be had (OutOfMemoryError): the start-time check
      // still holds, and a call must never throw at its caller.
      rt.warnings.clockFailed(e);
      return;
    }
    if (slowCheck) {
      // The slow-call check may have fired and armed the deadline before this line: then the
      // deadline is the live timer, and the spent check must not replace it.
      TIMER.compareAndSet(this, null, scheduled);
    } else {
      TIMER.setVolatile(this, scheduled);
    }
    if (isFinished()) {
      cancelTimer(); // finished while the timer was armed; don't keep it until it fires
    }
  }

  private void cancelTimer() {
    SeamClock.Scheduled t = (SeamClock.Scheduled) TIMER.getVolatile(this);
    if (t != null) {
      t.cancel();
    }
  }

  /** The default clock's timer fired: run the check it was armed for. Timer thread. */
  @Override
  public void timerFired(boolean slowCheck) {
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
      rt.warnings.slowCall(runner, now(startedNanos) - startedNanos, slowCallNanos, timeoutNanos);
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
    long now = now(submittedNanos);
    if (now - submittedNanos >= timeoutNanos) {
      abort(Abort.TIMEOUT); // the timer is late (busy or stalled): an expired call never starts
      return;
    }
    startedNanos = now; // before RUNNING, so whoever sees RUNNING sees when it started
    if (!moveTo(QUEUED, RUNNING)) {
      return; // dropped by a cancel, deadline or close that came first
    }
    long queued = queuedNanos(now);
    rt.observer.started(
        queued, waitedInQueue, rt.observer.hasListeners() ? facts(queued, 0, true, null) : null);
    try {
      runInContext(now);
    } finally {
      boolean sayReturned = cancel.workerReturned();
      Thread.interrupted(); // our interrupt may have landed after the call returned
      if (state() == ABANDONED) {
        cancelTimer(); // the abandoned-call check: nothing left to warn about
        if (sayReturned) {
          abandonedReturned();
        }
      }
    }
  }

  /**
   * An abandoned call's worker returned, and the abort has said "abandoned": now "returned" may be
   * said. Runs once, on the worker or on the aborting thread, whichever comes second.
   */
  private void abandonedReturned() {
    long started = startedNanos;
    long end = now(started);
    Abandonment a = abandonment;
    rt.observer.abandonedReturned(
        facts(queuedNanos(started), end - started, true, null),
        a == null ? 0 : end - a.atNanos,
        a != null && a.warned);
  }

  private void runInContext(long started) {
    ContextPropagator.Scope scope;
    try {
      scope = context.install();
    } catch (ContextSnapshot.ContextFailure f) {
      finish(null, null, contextFailure(f), now(started) - started);
      return;
    }
    try {
      if (context.hasAround()) { // a ScopedValue: bound only around the body, never set
        try {
          context.runAround(() -> callAndFinish(started));
        } catch (ContextSnapshot.ContextFailure f) { // the body did not run
          finish(null, null, contextFailure(f), now(started) - started);
        }
      } else {
        callAndFinish(started);
      }
    } finally {
      try {
        scope.close();
      } catch (ContextSnapshot.ContextFailure f) {
        rt.warnings.restoreFailed(f);
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
    finish(value, error, null, now(started) - started);
  }

  /** A propagator failure, naming the seam, the propagator and what did not happen. */
  SeamException contextFailure(ContextSnapshot.ContextFailure f) {
    return withCallSite(CallFacts.context(rt.name, f));
  }

  private void finish(T value, Throwable error, SeamException seamError, long ran) {
    if (!moveTo(RUNNING, DONE)) {
      return; // abandoned: the future already completed, the late result goes nowhere
    }
    cancelTimer();
    SeamEvent.Kind kind =
        seamError == null && error == null ? SeamEvent.Kind.SUCCEEDED : SeamEvent.Kind.FAILED;
    // Counted before the future completes, so stats read after a join include this call.
    rt.observer.finished(kind, ran);
    // A success no one listens to needs no facts: the hot path builds none.
    CallFacts facts =
        kind == SeamEvent.Kind.SUCCEEDED && !rt.observer.hasListeners()
            ? null
            : facts(queuedNanos(startedNanos), ran, true, null);
    Throwable failure =
        seamError != null ? seamError : error != null ? withCallSite(facts.threw(error)) : null;
    complete(value, failure, kind, facts, false, false);
  }

  // --- completion from outside: deadline, the holder, close ---

  /**
   * The holder completed the call's future itself ({@code complete}, {@code completeExceptionally},
   * {@code obtrude...}, so {@code orTimeout}): the call is abandoned, its hooks run.
   */
  void completedByHolder() {
    int won = stop(Abort.CANCELLED);
    if (won == LOST) {
      return;
    }
    boolean wasRunning = won == WAS_RUNNING;
    CallFacts facts = stopped(Abort.CANCELLED, wasRunning, false);
    if (wasRunning) {
      handOverOnce(future);
    }
    rt.observer.cancelledByHolder(facts, future::holderFailure);
    if (wasRunning) {
      toldAbandoned(facts);
    }
  }

  /**
   * A caller cancelled {@code stage}: the call's own future or a stage derived from it. The call
   * stops first and its hooks are handed to a cancel thread (or, with none, its worker is
   * interrupted here), so that nothing the stage's dependents do on this thread delays them; then
   * the stage and the call's future complete with the cancellation, made from the facts of the
   * moment the call stopped.
   *
   * @return whether {@code stage} completed with that cancellation
   */
  boolean cancelFrom(SeamFuture<?> stage) {
    int won = stop(Abort.CANCELLED);
    if (won == LOST) {
      // The call finished on its own; its future may still be incomplete (completeOn), and the
      // cancel may still win it: then the seam's completion corrects the counts.
      return stage.failFromSeam(cancellation());
    }
    boolean wasRunning = won == WAS_RUNNING;
    CallFacts facts = stopped(Abort.CANCELLED, wasRunning, true);
    boolean inline = rt.hooksRunInline;
    if (wasRunning && !inline) {
      handOverOnce(stage);
    }
    CancellationException e = cancellation(facts); // after the hand-over: decoding takes a while
    boolean done = stage.failFromSeam(e);
    if (stage != future) {
      future.failFromSeam(e);
    }
    if (wasRunning && inline) {
      handOverOnce(stage);
    }
    if (rt.observer.hasListeners()) {
      rt.observer.tell(facts, SeamEvent.Kind.CANCELLED, done ? e : stage.holderFailure());
    }
    if (wasRunning) {
      toldAbandoned(facts);
    }
    return done;
  }

  private static final int LOST = 0;
  private static final int WAS_QUEUED = 1;
  private static final int WAS_RUNNING = 2;

  /** Moves the call to its final state from outside: LOST, WAS_QUEUED or WAS_RUNNING. */
  private int stop(Abort why) {
    while (true) {
      int s = state();
      if (s == QUEUED) {
        if (moveTo(QUEUED, DROPPED)) {
          rt.lane.dropQueued(this);
          return WAS_QUEUED;
        }
      } else if (s == RUNNING) {
        if (why == Abort.TIMEOUT) {
          // Atomic with opening a region: a deadline inside one waits for its end.
          synchronized (cancel) {
            if (cancel.deferTimeoutInRegion()) {
              return LOST;
            }
            if (moveTo(RUNNING, ABANDONED)) {
              return WAS_RUNNING;
            }
          }
        } else if (moveTo(RUNNING, ABANDONED)) {
          return WAS_RUNNING;
        }
      } else {
        return LOST;
      }
    }
  }

  /**
   * The bookkeeping of a call just stopped from outside: its timer, its count, and for a running
   * call its abandonment. Returns the call's facts at this moment; with {@code circumstances}, they
   * include the seam's load and what the cancel does (for an exception that says so).
   */
  private CallFacts stopped(Abort why, boolean wasRunning, boolean circumstances) {
    cancelTimer();
    rt.observer.stopped(outcomeOf(why), wasRunning, isLongLived());
    // One clock read for every number of the message, so they add up: queued + ran (+ start-up)
    // is the time since submission, and a wait in progress is never longer than the run.
    long now = now(wasRunning ? startedNanos : submittedNanos);
    long queued = wasRunning ? queuedNanos(startedNanos) : now - submittedNanos;
    long ran = wasRunning ? now - startedNanos : 0;
    if (wasRunning) {
      abandonment =
          new Abandonment(
              rt, description, submittedNanos, timeoutNanos, startedNanos, runner, now, why);
      watchAbandoned();
    }
    String text = null;
    if (circumstances) {
      text = lateText(why, now) + circumstances(wasRunning, why, now);
    }
    return facts(queued, ran, wasRunning, text, now);
  }

  /** The call's facts now; what it waited for is spelled out only for a call stopped outside. */
  private CallFacts facts(long queued, long ran, boolean started, String circumstances) {
    return facts(queued, ran, started, circumstances, 0);
  }

  /** As above; {@code now} is the clock read the other numbers came from, for the wait's text. */
  private CallFacts facts(long queued, long ran, boolean started, String circumstances, long now) {
    ResourceWaits w = waits;
    return new CallFacts(
        rt.name,
        description,
        timeoutNanos,
        queued,
        ran,
        started,
        w == null ? 0 : w.totalNanos(),
        w == null ? null : w.last(),
        started && circumstances != null && w != null ? w.text(now) : null,
        circumstances);
  }

  /**
   * "noticed 57 ms after the deadline; " when a timeout was seen late (a busy timer thread or
   * machine), so that "timed out after 500 ms" and "557 ms queued" on one line add up.
   */
  private String lateText(Abort why, long now) {
    if (why != Abort.TIMEOUT) {
      return "";
    }
    long late = now - submittedNanos - timeoutNanos;
    return late >= STARTUP_WORTH_SAYING_NANOS
        ? "noticed " + Durations.formatNanos(late) + " after the deadline; "
        : "";
  }

  /** A stream or long job: its end from outside is its normal end. */
  private boolean isLongLived() {
    return slowCallNanos == LONG_LIVED;
  }

  private static SeamEvent.Kind outcomeOf(Abort why) {
    return why == Abort.TIMEOUT ? SeamEvent.Kind.TIMED_OUT : SeamEvent.Kind.CANCELLED;
  }

  /** Tells "abandoned", then "returned" too if the worker came back meanwhile. */
  private void toldAbandoned(CallFacts facts) {
    rt.observer.abandoned(facts);
    if (cancel.abandonedTold()) {
      abandonedReturned();
    }
  }

  /** Completes the call from outside: deadline or close. Does nothing once finished. */
  void abort(Abort why) {
    int won = stop(why);
    if (won == LOST) {
      return;
    }
    boolean wasRunning = won == WAS_RUNNING;
    CallFacts facts = stopped(why, wasRunning, true);
    SeamException failure = withCallSite(abortException(why, facts));
    SeamEvent.Kind kind = outcomeOf(why);
    if (wasRunning && rt.hooksRunInline) {
      complete(null, failure, kind, facts, true, false);
      handOverOnce(future); // run here: after the future completed, as documented
    } else {
      // With hooks to run, they go to a cancel thread just before the future completes, so no
      // dependent stage that completion runs can delay them.
      complete(null, failure, kind, facts, true, wasRunning);
    }
    if (wasRunning) {
      toldAbandoned(facts);
    }
  }

  private SeamException abortException(Abort why, CallFacts facts) {
    SeamException e = why == Abort.TIMEOUT ? facts.timedOut() : facts.closed();
    if (facts.started() && why == Abort.TIMEOUT) {
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

  /** The seam's load and what the cancel will do, for a failure message. */
  private String circumstances(boolean wasRunning) {
    return circumstances(wasRunning, Abort.CANCELLED, 0);
  }

  /**
   * As above; a call whose deadline passed in the queue also names the oldest abandoned call that
   * holds a permit, the likely reason it never started, and has it warned about now.
   */
  private String circumstances(boolean wasRunning, Abort why, long now) {
    Lane.Load l = rt.lane.load();
    String load = rt.lane.loadText(l);
    if (!wasRunning) {
      String stuck =
          why == Abort.TIMEOUT && l.abandoned() > 0 ? rt.lane.oldestAbandonedText(now) : "";
      return load + "; dropped from the queue, nothing to stop" + stuck;
    }
    int hooks = cancel.pendingHooks();
    return startupText()
        + load
        + "; cancel: "
        + (hooks == 0 ? "no cancel hook" : hooks == 1 ? "1 cancel hook" : hooks + " cancel hooks")
        + (interruptOnCancel ? ", worker interrupted" : ", worker not interrupted");
  }

  /** The cancellation of a call that finished before the cancel could stop it. */
  private CancellationException cancellation() {
    long waited = now(submittedNanos) - submittedNanos;
    return cancellation(facts(waited, 0, false, circumstances(false)));
  }

  /** The exception a caller's {@code cancel(...)} completes the future with. */
  private CancellationException cancellation(CallFacts facts) {
    SeamCancellationException e = facts.cancelled();
    if (callSite != null) {
      e.initCause(new CallSiteTrace(rt.name, callSite.frames()));
    }
    return e;
  }

  /**
   * Arms the abandoned-call warning's check, if the seam has one; dropped when the worker returns.
   */
  private void watchAbandoned() {
    long after = rt.abandonedWarningNanos;
    if (after <= 0 || after == Long.MAX_VALUE) {
      return;
    }
    SeamClock.Scheduled check;
    try {
      check = rt.clock.schedule(this::abandonedCheck, after);
    } catch (RuntimeException | Error e) { // closing, or a clock that throws: no warning then
      return;
    }
    TIMER.setVolatile(this, check);
    if (!cancel.workerInCall()) {
      check.cancel(); // the worker returned while it was armed
    }
  }

  private void abandonedCheck() {
    Abandonment a = abandonment;
    if (state() == ABANDONED && a != null && cancel.workerInCall()) {
      a.check(now(a.atNanos));
    }
  }

  /** {@link #abandonedAtNanos()} of a call that is not abandoned. */
  static final long NOT_ABANDONED = Long.MIN_VALUE;

  /**
   * When this call was abandoned, if it was; else {@link #NOT_ABANDONED}. Read under the lane's
   * lock, which unlinks a call as soon as its worker is back, so volatile reads only: no monitor
   * per call while the lane is locked.
   */
  long abandonedAtNanos() {
    Abandonment a = abandonment;
    return a != null && state() == ABANDONED ? a.atNanos : NOT_ABANDONED;
  }

  /**
   * This abandoned call, for the failure of a call it keeps from starting: see {@link
   * Abandonment#stuckText}.
   */
  String stuckText(long now) {
    Abandonment a = abandonment;
    return a == null ? CallText.call(description) : a.stuckText(now);
  }

  String description() {
    return description;
  }

  long submittedNanos() {
    return submittedNanos;
  }

  /** When a worker started this call, if it started; else {@link Lane#NONE}. As above. */
  long runningSinceNanos() {
    int s = state();
    return s == RUNNING || s == ABANDONED ? startedNanos : Lane.NONE;
  }

  Executor asyncExecutor() {
    return rt.asyncExecutor;
  }

  /**
   * The seam clock's time. A user clock that throws, even an {@code Error}, must not break a
   * promise (a future left incomplete, a permit never returned, a worker loop ended): {@code
   * fallback}, the last time known, stands in, and the failure is logged.
   */
  private long now(long fallback) {
    try {
      return rt.clock.nanoTime();
    } catch (RuntimeException | Error e) {
      rt.warnings.clockFailed(e);
      return fallback;
    }
  }

  // --- resource waits ---

  @Override
  public Waiting waitingFor(String resource) {
    java.util.Objects.requireNonNull(resource, "resource");
    return waits().begin(resource);
  }

  /** The call's resource waits and activity, made at first use; worker thread only. */
  ResourceWaits waits() {
    ResourceWaits w = waits;
    if (w == null) { // the worker is the only writer
      w = new ResourceWaits(rt.clock, rt.observer.outcomes().resourceWait);
      waits = w;
    }
    return w;
  }

  /**
   * Completes the future, on the seam's {@code completeOn} executor if it has one, then tells the
   * observer whether the seam's completion won (the holder may have completed it first). With
   * {@code handOver}, the abandoned call's hooks are handed over just before the future completes,
   * or after {@link #HOOKS_WAIT_NANOS} if the completion executor is slower than that: each call's
   * hooks wait at most that long, however many calls wait with it. {@code facts}: null only for a
   * success no one listens to.
   */
  private void complete(
      T value,
      Throwable error,
      SeamEvent.Kind kind,
      CallFacts facts,
      boolean installContext,
      boolean handOver) {
    Executor completion = rt.completionExecutor;
    if (completion != null) {
      if (handOver) {
        handOverLate();
      }
      try {
        completion.execute(() -> completeNow(value, error, kind, facts, true, handOver));
        return;
      } catch (Throwable t) { // rejected or broken: complete in place rather than never
        rt.warnings.completionFailed(completion, t);
      }
    }
    completeNow(value, error, kind, facts, installContext, handOver);
  }

  private void completeNow(
      T value,
      Throwable error,
      SeamEvent.Kind kind,
      CallFacts facts,
      boolean installContext,
      boolean handOver) {
    ContextPropagator.Scope scope = null;
    if (installContext) {
      try {
        scope = context.install();
      } catch (ContextSnapshot.ContextFailure f) { // the stages still get it: they carry it
        rt.warnings.restoreFailed(f);
      }
    }
    try {
      if (handOver) {
        handOverOnce(future);
      }
      boolean won = error == null ? future.succeedFromSeam(value) : future.failFromSeam(error);
      if (!won || facts != null) { // a success no one listens to has nothing to tell
        rt.observer.completed(kind, facts, error, won, future::holderFailure, isLongLived());
      }
    } finally {
      if (scope != null) {
        try {
          scope.close();
        } catch (ContextSnapshot.ContextFailure f) {
          rt.warnings.restoreFailed(f);
        }
      }
    }
  }

  /** A backstop for a slow completeOn executor: the hooks go over after the bounded wait. */
  private void handOverLate() {
    try {
      rt.clock.schedule(() -> handOverOnce(null), HOOKS_WAIT_NANOS);
    } catch (RuntimeException | Error e) { // closing, or a clock that throws: hand them over now
      handOverOnce(null);
    }
  }

  <E extends SeamException> E withCallSite(E e) {
    if (callSite != null) {
      e.setStackTrace(callSite.frames());
    }
    return e;
  }

  /** The first hand-over of a stopped call's hooks; later ones (a backstop) do nothing. */
  private void handOverOnce(CompletableFuture<?> completing) {
    if (cancel.claimHandOver()) {
      handOverHooks(completing);
    }
  }

  /** Hands the hooks and the interrupt over; also at the end of a region that deferred them. */
  void handOverHooks() {
    handOverHooks(future);
  }

  /**
   * Hands the hooks and the interrupt to a cancel thread; they run once {@code completing} is
   * complete (at most {@link #HOOKS_WAIT_NANOS} later), or at once if it is null. With no hook to
   * run, the interrupt is all that is left: it is sent here, never queued behind other calls' hooks
   * on the cancel threads.
   */
  private void handOverHooks(CompletableFuture<?> completing) {
    if (cancel.fireIfNoHooks(interruptOnCancel ? runner : null)) {
      return;
    }
    rt.runOffWorker(() -> fireHooks(completing));
  }

  /** Off the worker: once the future is complete, runs the hooks once, then interrupts. */
  private void fireHooks(CompletableFuture<?> completing) {
    if (completing != null) {
      awaitDone(completing);
    }
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

  /**
   * The documented order is "future completes, then hooks". The future is completed right after the
   * hand-over (its result is set before any dependent runs), so this wait is short; bounded all the
   * same.
   */
  private static void awaitDone(CompletableFuture<?> f) {
    if (f.isDone()) {
      return;
    }
    long start = System.nanoTime();
    while (!f.isDone() && System.nanoTime() - start < HOOKS_WAIT_NANOS) {
      LockSupport.parkNanos(20_000);
    }
  }

  void hookFailed(CancelHook hook, Throwable t) {
    rt.warnings.hookFailed(hook, t);
  }

  void runOffWorker(Runnable r) {
    rt.runOffWorker(r);
  }

  // --- CallContext ---

  @Override
  public String seamName() {
    return rt.name;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  @Override
  public long remainingNanos() {
    return timeoutNanos - (rt.clock.nanoTime() - submittedNanos);
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
        + rt.name
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
