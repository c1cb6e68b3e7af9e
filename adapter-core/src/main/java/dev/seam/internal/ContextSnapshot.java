package dev.seam.internal;

import dev.seam.ContextPropagator;
import java.util.List;

/**
 * Context captured on a submitting thread, ready to install on another. Immutable; {@link
 * #install()} may be called any number of times, on any thread, each scope closed on the thread
 * that opened it.
 */
public final class ContextSnapshot {
  private static final ContextPropagator.Scope NOTHING = () -> {};
  private static final ContextSnapshot EMPTY =
      new ContextSnapshot(new ContextPropagator<?>[0], new Object[0]);

  private final ContextPropagator<?>[] propagators;
  private final Object[] values;

  private ContextSnapshot(ContextPropagator<?>[] propagators, Object[] values) {
    this.propagators = propagators;
    this.values = values;
  }

  /**
   * Captures the current thread's context.
   *
   * @param propagators what to capture
   * @return the snapshot
   */
  public static ContextSnapshot capture(List<ContextPropagator<?>> propagators) {
    int n = propagators.size();
    if (n == 0) {
      return EMPTY;
    }
    ContextPropagator<?>[] ps = propagators.toArray(new ContextPropagator<?>[0]);
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = ps[i].capture();
    }
    return new ContextSnapshot(ps, values);
  }

  /**
   * Installs the captured context on the current thread.
   *
   * @return a scope that restores the thread's previous context, in reverse order
   */
  public ContextPropagator.Scope install() {
    int n = propagators.length;
    if (n == 0) {
      return NOTHING;
    }
    ContextPropagator.Scope[] scopes = new ContextPropagator.Scope[n];
    for (int i = 0; i < n; i++) {
      scopes[i] = installOne(propagators[i], values[i]);
    }
    return () -> {
      for (int i = n - 1; i >= 0; i--) {
        scopes[i].close();
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <C> ContextPropagator.Scope installOne(ContextPropagator<C> p, Object value) {
    return p.install((C) value);
  }
}
