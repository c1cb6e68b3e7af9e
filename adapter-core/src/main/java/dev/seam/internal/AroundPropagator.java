package dev.seam.internal;

import dev.seam.ContextPropagator;

/**
 * A propagator whose context cannot be set and restored, only bound around a piece of code: a
 * {@code ScopedValue} binding exists only inside {@code ScopedValue.where(k, v).run(op)}. The seam
 * captures it like any other, its {@link #install} does nothing, and {@link #runAround} binds it
 * around the call (and around each dependent stage) instead, inside the installed scopes of the
 * other propagators.
 *
 * @param <C> the captured value
 */
public interface AroundPropagator<C> extends ContextPropagator<C> {

  /**
   * Runs {@code body} on the current thread with {@code captured} bound, and unbinds it when {@code
   * body} returns or throws.
   *
   * @param captured a value returned by {@link #capture()}, possibly null
   * @param body what to run; what it throws, this throws as it is
   */
  void runAround(C captured, Runnable body);

  /** Nothing to set: the binding is made around the call by {@link #runAround}. */
  @Override
  default Scope install(C captured) {
    return () -> {};
  }
}
