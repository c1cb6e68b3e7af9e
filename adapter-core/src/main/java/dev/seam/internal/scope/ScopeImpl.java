package dev.seam.internal.scope;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamBlockingException;
import dev.seam.SeamCallable;
import dev.seam.SeamScope;
import dev.seam.internal.BlockingCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scope behind {@link SeamScope}: the members still running, a count of unfinished futures, the
 * first failure, and a closed flag, all under one lock. A member leaves the set once its future
 * completed and its work returned (or never will start), so an open scope holds only what still
 * runs. Cancelling and submitting happen outside the lock, because a seam may run a call (or
 * complete its future) on the submitting thread.
 */
public final class ScopeImpl implements SeamScope {
  private static final Logger LOG = LoggerFactory.getLogger(SeamScope.class);
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Seam defaultSeam;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allDone = lock.newCondition();
  private final Set<ScopeMember<?>> held = new LinkedHashSet<>(); // guarded by lock
  private int unfinished; // futures not yet completed; guarded by lock
  private Throwable failure; // guarded by lock
  private boolean closed; // guarded by lock

  private ScopeImpl(Seam defaultSeam) {
    this.defaultSeam = defaultSeam;
  }

  /**
   * Opens a scope.
   *
   * @param defaultSeam the seam for calls that name none, or null
   * @return the scope
   */
  public static SeamScope open(Seam defaultSeam) {
    return new ScopeImpl(defaultSeam);
  }

  @Override
  public <T> CompletableFuture<T> call(Callable<? extends T> task) {
    if (defaultSeam == null) {
      return noDefaultSeam();
    }
    return call(defaultSeam, task);
  }

  @Override
  public <T> CompletableFuture<T> call(SeamCallable<? extends T> task) {
    if (defaultSeam == null) {
      return noDefaultSeam();
    }
    return call(defaultSeam, CallOptions.defaults(), task);
  }

  @Override
  public <T> CompletableFuture<T> call(Duration timeout, SeamCallable<? extends T> task) {
    if (timeout == null) {
      return CompletableFuture.failedFuture(new NullPointerException("timeout is null"));
    }
    CallOptions options;
    try {
      options = CallOptions.timeout(timeout);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (defaultSeam == null) {
      return noDefaultSeam();
    }
    return call(defaultSeam, options, task);
  }

  @Override
  public <T> CompletableFuture<T> call(Seam seam, Callable<? extends T> task) {
    if (task == null) {
      return CompletableFuture.failedFuture(new NullPointerException("task is null"));
    }
    return call(seam, CallOptions.defaults(), c -> task.call());
  }

  @Override
  public <T> CompletableFuture<T> call(
      Seam seam, CallOptions options, SeamCallable<? extends T> task) {
    if (seam == null) {
      return CompletableFuture.failedFuture(new NullPointerException("seam is null"));
    }
    if (options == null || task == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException((options == null ? "options" : "task") + " is null"));
    }
    ScopeMember<T> member = new ScopeMember<>(this, task);
    CompletableFuture<T> refused = admit(member);
    if (refused != null) {
      return refused;
    }
    CompletableFuture<T> future;
    try {
      future = seam.call(options, member);
    } catch (Throwable e) { // a seam that throws still fails only this call, through its future
      return submitFailed(member, e);
    }
    if (future == null) {
      return submitFailed(
          member, new NullPointerException("seam " + seam + " returned no future from call"));
    }
    boolean cancelNow;
    lock.lock();
    try {
      member.attach(future);
      cancelNow = failure != null || closed;
    } finally {
      lock.unlock();
    }
    // The dependent only observes; failures reach the caller through the future it returns.
    CompletableFuture<T> unused =
        future.whenComplete((value, error) -> futureCompleted(member, error));
    if (cancelNow) {
      member.preventStart();
      cancelQuietly(member); // the scope failed or closed while this call was being submitted
    }
    return future;
  }

  /** Takes the member in, or returns the future that refuses it. */
  private <T> CompletableFuture<T> admit(ScopeMember<T> member) {
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("scope is closed; open a new one for more calls"));
      }
      if (failure != null) {
        CancellationException refusal =
            new CancellationException("the scope already failed; open a new one for more calls");
        refusal.initCause(failure);
        CompletableFuture<T> refused = new CompletableFuture<>();
        refused.completeExceptionally(refusal);
        return refused;
      }
      held.add(member);
      unfinished++;
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** The seam threw, or gave no future: the call failed as if its future had. */
  private <T> CompletableFuture<T> submitFailed(ScopeMember<T> member, Throwable error) {
    futureCompleted(member, error);
    return CompletableFuture.failedFuture(error);
  }

  private static <T> CompletableFuture<T> noDefaultSeam() {
    return CompletableFuture.failedFuture(
        new IllegalStateException(
            "this scope has no default seam: open it with seam.scope() or pass the seam"));
  }

  private void futureCompleted(ScopeMember<?> member, Throwable error) {
    member.skipIfNotStarted();
    List<ScopeMember<?>> siblings = null;
    lock.lock();
    try {
      unfinished--;
      member.futureDone = true;
      if (member.workSettled()) {
        held.remove(member);
      }
      if (error != null && failure == null && !member.stoppedByScope()) {
        failure = unwrap(error);
        siblings = new ArrayList<>(held);
        siblings.remove(member);
      }
      if (unfinished == 0) {
        allDone.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (siblings != null) {
      cancelAll(siblings);
    }
  }

  /** On the worker, as the member's work returns: let go of it if its future is done too. */
  void workReturned(ScopeMember<?> member) {
    lock.lock();
    try {
      if (member.futureDone) {
        held.remove(member);
      }
    } finally {
      lock.unlock();
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  @Override
  public void join() throws InterruptedException {
    if (BlockingCheck.isOn() && wouldWait(false)) {
      BlockingCheck.beforeWait(seamName(), "SeamScope.join()", this);
    }
    Throwable first;
    lock.lock();
    try {
      if (waitsForItself(Thread.currentThread())) {
        throw new IllegalStateException(
            "join() called inside one of the scope's own calls would wait for that call"
                + " forever; join where the scope was opened");
      }
      while (unfinished > 0) {
        allDone.await();
      }
      first = failure;
    } finally {
      lock.unlock();
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new CompletionException(first);
    }
  }

  @Override
  public Optional<Throwable> failure() {
    lock.lock();
    try {
      return Optional.ofNullable(failure);
    } finally {
      lock.unlock();
    }
  }

  /** Whether a call whose future is still pending runs on {@code thread}. Under the lock. */
  private boolean waitsForItself(Thread thread) {
    for (ScopeMember<?> m : held) {
      if (!m.futureDone && m.runsOn(thread)) {
        return true;
      }
    }
    return false;
  }

  /** For the blocking guard: whether join (unfinished futures) or close (held work) would wait. */
  private boolean wouldWait(boolean forClose) {
    lock.lock();
    try {
      return forClose ? !held.isEmpty() : unfinished > 0;
    } finally {
      lock.unlock();
    }
  }

  private String seamName() {
    return defaultSeam != null ? defaultSeam.name() : null;
  }

  @Override
  public void close() {
    SeamBlockingException mustNotWait = null;
    if (BlockingCheck.isOn() && wouldWait(true)) {
      mustNotWait = BlockingCheck.check(seamName(), "SeamScope.close()", this);
    }
    List<ScopeMember<?>> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(held);
    } finally {
      lock.unlock();
    }
    cancelAll(all);
    if (mustNotWait != null) {
      throw mustNotWait; // closed and cancelled; only the wait for the work to return is skipped
    }
    awaitReturns(all);
  }

  /**
   * Cancels newest first after marking every unstarted call so it never starts: a seam starts its
   * queued calls in submission order, so cancelling a running call first would free a permit for a
   * queued sibling that is about to be cancelled too.
   */
  private static void cancelAll(List<ScopeMember<?>> calls) {
    for (ScopeMember<?> m : calls) {
      m.preventStart();
    }
    for (int i = calls.size() - 1; i >= 0; i--) {
      cancelQuietly(calls.get(i));
    }
  }

  /** One future that refuses cancellation must not keep the others from being cancelled. */
  private static void cancelQuietly(ScopeMember<?> call) {
    try {
      call.cancelByScope();
    } catch (RuntimeException e) {
      LOG.warn("scope could not cancel call {}: its future threw from cancel", call, e);
    }
  }

  /**
   * Waits, uninterruptibly but at most 10 seconds in all, for the work of each call to return; an
   * interrupt is kept for the caller. Work running on this very thread (close called inside a call,
   * or in a stage that runs inside one) cannot return while we wait, so it is not waited for.
   */
  private static void awaitReturns(List<ScopeMember<?>> all) {
    Thread self = Thread.currentThread();
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    List<ScopeMember<?>> stragglers = new ArrayList<>();
    boolean interrupted = false;
    for (ScopeMember<?> m : all) {
      if (m.runsOn(self)) {
        continue;
      }
      while (true) {
        try {
          if (!m.awaitReturn(deadline - System.nanoTime())) {
            stragglers.add(m);
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: returning now would let the work outlive its scope
        }
      }
    }
    if (interrupted) {
      self.interrupt();
    }
    if (!stragglers.isEmpty()) {
      LOG.warn(
          "scope closed with {} call(s) still running after {} that ignored their cancel hooks"
              + " and interrupt: {}",
          stragglers.size(),
          Duration.ofNanos(CLOSE_WAIT_NANOS),
          stragglers);
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "SeamScope{held="
          + held.size()
          + ", unfinished="
          + unfinished
          + ", failed="
          + (failure != null)
          + ", closed="
          + closed
          + "}";
    } finally {
      lock.unlock();
    }
  }
}
