package dev.seam.testing;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import dev.seam.ContextPropagator;
import dev.seam.SeamCallException;
import dev.seam.SeamCallable;
import dev.seam.SeamClock;
import dev.seam.SeamException;
import dev.seam.SeamTimeoutException;
import dev.seam.internal.CallSite;
import dev.seam.internal.ContextSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call held by a {@link RecordingSeam} until the test decides its outcome: {@link #run()} it,
 * {@link #complete} it with a value, {@link #fail} it, or {@link #timeOut()} it.
 *
 * <p>Each outcome completes the caller's future exactly once, on the thread that decides it, the
 * way a seam would: a failure is a {@link SeamCallException} whose cause is the given exception and
 * whose stack trace is the submitting call site; a timeout is a {@link SeamTimeoutException}.
 * Deciding a call that is already complete (decided, cancelled by its holder, timed out by the
 * clock, or closed with its seam) throws {@link IllegalStateException}.
 *
 * <p>Thread-safe. Cancel hooks registered while the call {@linkplain #run() runs} run on the thread
 * that cancels or times it out.
 *
 * @since 0.1
 */
public final class RecordedCall {
  private final RecordingSeam seam;
  private final SeamCallable<?> task;
  private final ContextSnapshot context;
  private final CallSite callSite;
  private final long submittedNanos;
  private final Duration timeout;
  private final CompletableFuture<Object> future;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final List<CancelHook> hooks = new ArrayList<>(); // guarded by this
  private volatile SeamClock.Scheduled deadline;

  RecordedCall(
      RecordingSeam seam,
      SeamCallable<?> task,
      ContextSnapshot context,
      CallSite callSite,
      long submittedNanos,
      Duration timeout,
      CompletableFuture<Object> future) {
    this.seam = seam;
    this.task = task;
    this.context = context;
    this.callSite = callSite;
    this.submittedNanos = submittedNanos;
    this.timeout = timeout;
    this.future = future;
  }

  void arm(SeamClock clock) {
    deadline = clock.schedule(this::deadlinePassed, timeout.toNanos());
    // Any completion the seam did not make (cancel, complete, orTimeout) abandons the call.
    CompletableFuture<Object> unused =
        future.whenComplete(
            (v, e) -> {
              if (settled.compareAndSet(false, true)) {
                finished(Outcome.CANCELLED);
                runHooks();
              }
            });
  }

  /**
   * What the held call is: for calls made through {@code Seam.adapt}, the sync method's name and
   * parameter types ({@code LegacyOrders.find(long)}); otherwise the task's {@code toString}.
   *
   * @return the description
   */
  public String description() {
    return task.toString();
  }

  /**
   * The call's timeout, counted from submission.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The caller's future.
   *
   * @return the future that {@code call} returned
   */
  public CompletableFuture<?> future() {
    return future;
  }

  /**
   * Runs the held work on this thread, with the caller's context installed, and completes the
   * future with its result or failure.
   *
   * @throws IllegalStateException if the call already completed or is running
   */
  public void run() {
    claimCheck();
    Object value = null;
    Throwable error = null;
    seam.running(+1);
    try (ContextPropagator.Scope ignored = context.install()) {
      value = task.call(new Context());
    } catch (Throwable t) { // the call's failure, whatever it is, belongs in its future
      error = t;
    } finally {
      seam.running(-1);
    }
    if (!settled.compareAndSet(false, true)) {
      return; // cancelled or timed out while it ran; the late result goes nowhere
    }
    if (error == null) {
      succeed(value);
    } else {
      failWith(error);
    }
  }

  /**
   * Completes the call with {@code value}, as if the work had returned it. The value must be of the
   * type the caller expects; nothing here can check it.
   *
   * @param value the result
   * @throws IllegalStateException if the call already completed
   */
  public void complete(Object value) {
    settle();
    succeed(value);
  }

  /**
   * Fails the call as if the work had thrown {@code cause}: the future fails with a {@link
   * SeamCallException} whose cause is {@code cause}.
   *
   * @param cause what the work threw, for example an {@code SQLException}
   * @throws IllegalStateException if the call already completed
   */
  public void fail(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    settle();
    failWith(cause);
  }

  /**
   * Fails the call with a {@link SeamTimeoutException} at once, as if its deadline had passed
   * before it started; its cancel hooks run on this thread.
   *
   * @throws IllegalStateException if the call already completed
   */
  public void timeOut() {
    settle();
    abort(Outcome.TIMED_OUT, timeoutException());
  }

  private void deadlinePassed() {
    if (settled.compareAndSet(false, true)) {
      abort(Outcome.TIMED_OUT, timeoutException());
    }
  }

  void closeWith(SeamException closed) {
    if (settled.compareAndSet(false, true)) {
      abort(Outcome.CANCELLED, withCallSite(closed));
    }
  }

  private SeamTimeoutException timeoutException() {
    return withCallSite(
        new SeamTimeoutException(
            seam.name(), description(), timeout, waited(), Duration.ZERO, false));
  }

  private void claimCheck() {
    if (settled.get() || !started.compareAndSet(false, true)) {
      throw alreadyDone();
    }
  }

  private void settle() {
    if (!settled.compareAndSet(false, true)) {
      throw alreadyDone();
    }
  }

  private IllegalStateException alreadyDone() {
    return new IllegalStateException(
        "call "
            + description()
            + " on seam '"
            + seam.name()
            + "' already completed or running: "
            + future);
  }

  private void succeed(Object value) {
    finished(Outcome.SUCCEEDED);
    future.complete(value);
  }

  private void failWith(Throwable cause) {
    finished(Outcome.FAILED);
    future.completeExceptionally(
        withCallSite(
            new SeamCallException(
                seam.name(), description(), timeout, waited(), Duration.ZERO, cause)));
  }

  private void abort(Outcome outcome, SeamException e) {
    finished(outcome);
    future.completeExceptionally(e);
    runHooks();
  }

  private void finished(Outcome outcome) {
    SeamClock.Scheduled d = deadline;
    if (d != null) {
      d.cancel();
    }
    seam.finished(this, outcome);
  }

  private void runHooks() {
    List<CancelHook> toRun;
    synchronized (this) {
      toRun = new ArrayList<>(hooks);
      hooks.clear();
    }
    for (CancelHook h : toRun) {
      try {
        h.cancel();
      } catch (Exception e) {
        seam.hookFailed(h, e);
      }
    }
  }

  private Duration waited() {
    return Duration.ofNanos(Math.max(0, seam.clock().nanoTime() - submittedNanos));
  }

  private <E extends SeamException> E withCallSite(E e) {
    e.setStackTrace(callSite.frames());
    return e;
  }

  @Override
  public String toString() {
    return "RecordedCall{" + description() + ", seam=" + seam.name() + ", " + future + "}";
  }

  /** How a call ended, for the seam's counters. */
  enum Outcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED
  }

  /** The context handed to the work when the test runs it. */
  private final class Context implements CallContext {
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
      return submittedNanos + timeout.toNanos() - seam.clock().nanoTime();
    }

    @Override
    public boolean isCancelled() {
      return future.isDone();
    }

    @Override
    public Registration onCancel(CancelHook hook) {
      Objects.requireNonNull(hook, "hook");
      synchronized (RecordedCall.this) {
        hooks.add(hook);
      }
      return () -> {
        synchronized (RecordedCall.this) {
          hooks.remove(hook);
        }
      };
    }

    /** The test decides a recorded call's outcome explicitly, so a region defers nothing. */
    @Override
    public Region uncancellable() {
      return () -> {};
    }
  }
}
