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
 * on a worker and when it returned there, which the future alone cannot tell once it was cancelled.
 */
final class ScopeMember<T> implements SeamCallable<T> {
  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int RETURNED = 2;
  private static final int SKIPPED = 3;

  private final SeamCallable<? extends T> task;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final CountDownLatch returned = new CountDownLatch(1);
  private volatile CompletableFuture<T> future;
  private volatile boolean cancelledByScope;

  ScopeMember(SeamCallable<? extends T> task) {
    this.task = task;
  }

  @Override
  public T call(CallContext call) throws Exception {
    if (!state.compareAndSet(PENDING, RUNNING)) {
      throw new CancellationException("the scope closed before this call started");
    }
    try {
      return task.call(call);
    } finally {
      state.set(RETURNED);
      returned.countDown();
    }
  }

  void attach(CompletableFuture<T> f) {
    this.future = f;
  }

  /** Whether the scope stopped this call: cancelled it, or kept it from starting. */
  boolean stoppedByScope() {
    return cancelledByScope || state.get() == SKIPPED;
  }

  /** Cancels the call unless it already completed; the flag goes first so the scope sees it. */
  void cancelByScope() {
    CompletableFuture<T> f = future;
    if (f != null && !f.isDone()) {
      cancelledByScope = true;
      f.cancel(true);
    }
  }

  /** Marks a call that has not started so it never will, even if a worker picks it up now. */
  void preventStart() {
    state.compareAndSet(PENDING, SKIPPED);
  }

  /**
   * Waits for the work to return on its worker; a call that has not started is marked so it never
   * will.
   *
   * @return true if nothing of this call is still running
   */
  boolean awaitReturn(long nanos) throws InterruptedException {
    preventStart();
    if (state.get() == SKIPPED) {
      return true;
    }
    return returned.await(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
