package dev.seam.interop.internal;

import dev.seam.ContextPropagator;
import java.util.ArrayList;
import java.util.List;

/**
 * Context captured once on the caller's thread and installed around each later re-submission, so a
 * retry that starts on a timer thread hands the seam the caller's context, not the timer's.
 */
public final class CapturedContext {
  private final List<ContextPropagator<?>> propagators;
  private final List<Object> values;

  private CapturedContext(List<ContextPropagator<?>> propagators, List<Object> values) {
    this.propagators = propagators;
    this.values = values;
  }

  /**
   * Captures the current thread's context.
   *
   * @param propagators what to capture
   * @return the snapshot
   */
  public static CapturedContext capture(List<ContextPropagator<?>> propagators) {
    List<Object> values = new ArrayList<>(propagators.size());
    for (ContextPropagator<?> p : propagators) {
      values.add(p.capture());
    }
    return new CapturedContext(propagators, values);
  }

  /**
   * Installs the snapshot on the current thread.
   *
   * @return a scope that restores the thread's previous context, in reverse order
   */
  public ContextPropagator.Scope install() {
    int n = propagators.size();
    ContextPropagator.Scope[] scopes = new ContextPropagator.Scope[n];
    for (int i = 0; i < n; i++) {
      scopes[i] = installOne(propagators.get(i), values.get(i));
    }
    return () -> {
      for (int i = n - 1; i >= 0; i--) {
        scopes[i].close();
      }
    };
  }

  @SuppressWarnings("unchecked") // the value came from this propagator's capture()
  private static <C> ContextPropagator.Scope installOne(ContextPropagator<C> p, Object value) {
    return p.install((C) value);
  }
}
