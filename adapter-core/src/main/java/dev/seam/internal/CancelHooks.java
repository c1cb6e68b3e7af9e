package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.CancelHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cancel hooks of one call. Registration may come from any thread; the hooks are handed out
 * once, by {@link #fire()}, and a hook registered after that runs at once, off the caller's thread
 * where the seam still has threads. All state is guarded by the owning call's monitor, which also
 * guards the call's other cancel state, so firing and registering are one atomic step each.
 */
final class CancelHooks {
  private final CallTask<?> owner;
  private List<Hook> hooks; // guarded by owner
  private boolean fired; // guarded by owner

  CancelHooks(CallTask<?> owner) {
    this.owner = owner;
  }

  CallContext.Registration register(CancelHook action) {
    Objects.requireNonNull(action, "hook");
    Hook h = new Hook(action);
    boolean runNow;
    synchronized (owner) {
      runNow = fired;
      if (!runNow) {
        if (hooks == null) {
          hooks = new ArrayList<>(2);
        }
        hooks.add(h);
      }
    }
    if (runNow) {
      owner.runOffWorker(h::run);
    }
    return h;
  }

  /** Hands out every registered hook, once; the caller holds the owner's monitor. */
  List<Hook> fire() {
    fired = true;
    List<Hook> toRun = hooks == null ? List.of() : hooks;
    hooks = null;
    return toRun;
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
          owner.hookFailed(action, t);
        }
      }
    }

    @Override
    public void close() {
      if (done.compareAndSet(0, 2)) {
        synchronized (owner) {
          if (hooks != null) {
            hooks.remove(this);
          }
        }
      }
    }
  }
}
