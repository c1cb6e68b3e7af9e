package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cancel side of one call, under this object's monitor: whether its worker has returned, its
 * cancel hooks, and its uncancellable regions with what they deferred.
 *
 * <p>Hook registration may come from any thread. The hooks are handed out once; a hook registered
 * after that runs at once, off the registering thread where the seam still has threads. The
 * interrupt is sent under the same monitor that the worker takes to say it returned, so it never
 * reaches a later call on that thread. The call takes this monitor for its timeout transition, so
 * that opening a region and a deadline firing are one atomic step each.
 */
final class CancelState {
  private final CallTask<?> call;
  private List<Hook> hooks; // guarded by this
  private boolean fired; // guarded by this
  private boolean returned; // guarded by this
  private int regions; // guarded by this
  private boolean timeoutDeferred; // guarded by this
  private boolean hooksDeferred; // guarded by this
  private boolean handedOver; // guarded by this: the first hand-over after the call stopped
  private boolean abandonedTold; // guarded by this: the abort said "abandoned" (counts, events)

  CancelState(CallTask<?> call) {
    this.call = call;
  }

  CallContext.Registration register(CancelHook action) {
    Objects.requireNonNull(action, "hook");
    Hook h = new Hook(action);
    boolean runNow;
    synchronized (this) {
      runNow = fired;
      if (!runNow) {
        if (hooks == null) {
          hooks = new ArrayList<>(2);
        }
        hooks.add(h);
      }
    }
    if (runNow) {
      call.runOffWorker(h::run);
    }
    return h;
  }

  /**
   * The worker is done with the call: nothing to interrupt, nothing left to defer.
   *
   * @return true if the call was abandoned and the abort has already said so (counted it, told the
   *     listeners): then the worker says it returned; otherwise the abort will, once it has
   */
  synchronized boolean workerReturned() {
    returned = true;
    return abandonedTold;
  }

  /**
   * The abort of a running call has counted it abandoned and told the listeners.
   *
   * @return true if the worker had already returned: then the abort says it returned, so that
   *     "returned" never comes before "abandoned" and the count never goes below zero
   */
  synchronized boolean abandonedTold() {
    abandonedTold = true;
    return returned;
  }

  /** Claims the one hand-over of the hooks after the call stopped; false if it was claimed. */
  synchronized boolean claimHandOver() {
    if (handedOver) {
      return false;
    }
    handedOver = true;
    return true;
  }

  /** How many hooks are registered and not yet handed out; for failure messages. */
  synchronized int pendingHooks() {
    return hooks == null ? 0 : hooks.size();
  }

  /** Whether the worker is still in the call; for the slow-call report. */
  synchronized boolean workerInCall() {
    return !returned;
  }

  /**
   * With this monitor held by the caller: defers a deadline that fires inside a region.
   *
   * @return true if deferred; then the call must not time out now
   */
  boolean deferTimeoutInRegion() {
    if (regions > 0) {
      timeoutDeferred = true;
      return true;
    }
    return false;
  }

  /**
   * Hands out every registered hook, once, unless a region defers them until it ends.
   *
   * @return the hooks to run, or null if a region deferred them
   */
  synchronized List<Hook> takeHooks() {
    if (regions > 0 && !returned) {
      hooksDeferred = true;
      return null;
    }
    fired = true;
    List<Hook> toRun = hooks == null ? List.of() : hooks;
    hooks = null;
    return toRun;
  }

  /**
   * The fast path of a cancel with no hooks: marks them handed out and interrupts the worker (if
   * {@code runner} is not null and still in the call) on the calling thread, sparing a hand-off to
   * a cancel thread that has nothing to run.
   *
   * @return false, changing nothing, if there are hooks or a region defers them
   */
  synchronized boolean fireIfNoHooks(Thread runner) {
    if ((regions > 0 && !returned) || (hooks != null && !hooks.isEmpty())) {
      return false;
    }
    fired = true;
    hooks = null;
    if (runner != null && !returned) {
      runner.interrupt();
    }
    return true;
  }

  synchronized void interruptUnlessReturned(Thread runner) {
    if (!returned) {
      runner.interrupt();
    }
  }

  synchronized void regionOpened() {
    regions++;
  }

  /** Ends one region; at the outermost end, does what the regions deferred. */
  void regionClosed() {
    boolean timeoutNow;
    boolean hooksNow;
    synchronized (this) {
      if (--regions > 0) {
        return;
      }
      timeoutNow = timeoutDeferred;
      hooksNow = hooksDeferred;
      timeoutDeferred = false;
      hooksDeferred = false;
    }
    if (timeoutNow) {
      call.abort(CallTask.Abort.TIMEOUT); // the deadline passed inside the region: it applies now
    }
    if (hooksNow) {
      call.handOverHooks();
    }
  }

  /** A registered hook; runs at most once, and not after it was closed. */
  final class Hook implements CallContext.Registration {
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
          call.hookFailed(action, t);
        }
      }
    }

    @Override
    public void close() {
      if (done.compareAndSet(0, 2)) {
        synchronized (CancelState.this) {
          if (hooks != null) {
            hooks.remove(this);
          }
        }
      }
    }
  }
}
