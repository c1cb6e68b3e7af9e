package dev.seam.internal.scope;

import dev.seam.CallContext;
import dev.seam.SeamCallable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of a scope. It wraps the user's callable so the scope knows whether the work is running
 * on a worker, on which thread, and when it returned there, which the future alone cannot tell once
 * it completed. The scope holds a member until both its future completed and its work returned (or
 * will never start), and no longer, so an open scope keeps only what still runs.
 *
 * <p>The work state moves only forward: {@code PENDING -> RUNNING -> RETURNED}, or {@code PENDING
 * -> SKIPPED} when the scope stops the call first or its future completes before the work starts.
 */
final class ScopeMember<T> implements SeamCallable<T> {
  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int RETURNED = 2;
  private static final int SKIPPED = 3;

  private final ScopeImpl scope;
  private final SeamCallable<? extends T> task;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final CountDownLatch returned = new CountDownLatch(1);
  private volatile Thread runner;
  private volatile CompletableFuture<T> future;
  private volatile boolean stoppedByScope;

  /** Guarded by the scope's lock: set once the future completed, or the submission failed. */
  boolean futureDone;

  ScopeMember(ScopeImpl scope, SeamCallable<? extends T> task) {
    this.scope = scope;
    this.task = task;
  }

  @Override
  public T call(CallContext call) throws Exception {
    if (!state.compareAndSet(PENDING, RUNNING)) {
      throw new CancellationException("the scope stopped this call before it started");
    }
    runner = Thread.currentThread();
    try {
      return task.call(call);
    } finally {
      state.set(RETURNED);
      runner = null;
      returned.countDown();
      scope.workReturned(this);
    }
  }

  void attach(CompletableFuture<T> f) {
    this.future = f;
  }

  /** Whether the scope stopped this call: cancelled it, or kept it from starting. */
  boolean stoppedByScope() {
    return stoppedByScope;
  }

  /** Whether the work has returned or never will start: nothing of it can still run. */
  boolean workSettled() {
    int s = state.get();
    return s == RETURNED || s == SKIPPED;
  }

  /** Whether the work is running on {@code thread} now, so waiting there for it would not end. */
  boolean runsOn(Thread thread) {
    return state.get() == RUNNING && runner == thread;
  }

  /** Cancels the call unless it already completed; the flag goes first so the scope sees it. */
  void cancelByScope() {
    CompletableFuture<T> f = future;
    if (f != null && !f.isDone()) {
      stoppedByScope = true;
      f.cancel(true);
    }
  }

  /**
   * The scope marks a call that has not started so it never will, even if a worker takes it now.
   */
  void preventStart() {
    if (state.compareAndSet(PENDING, SKIPPED)) {
      stoppedByScope = true;
    }
  }

  /** The future completed: work that has not started must not start after all. */
  void skipIfNotStarted() {
    state.compareAndSet(PENDING, SKIPPED);
  }

  /**
   * Waits for the work to return on its worker.
   *
   * @return true if nothing of this call is still running
   */
  boolean awaitReturn(long nanos) throws InterruptedException {
    return workSettled() || returned.await(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
