package dev.seam.internal;

import dev.seam.ContextPropagator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Context captured on a submitting thread, ready to install on another. Immutable; {@link
 * #install()} may be called any number of times, on any thread, each scope closed on the thread
 * that opened it.
 *
 * <p>Propagators are user code and may throw. A snapshot never leaves part of a context behind: an
 * install that fails half-way restores what it had installed before it throws, and a scope's close
 * restores every propagator even when one of them throws.
 */
public final class ContextSnapshot {
  private static final ContextPropagator.Scope NOTHING = () -> {};
  private static final ContextSnapshot EMPTY = new ContextSnapshot(List.of(), new Object[0]);

  /** Immutable: a seam's own list, shared by all its snapshots rather than copied per call. */
  private final List<ContextPropagator<?>> propagators;

  private final Object[] values;

  /** The indexes of the around propagators, outermost first; null when there are none. */
  private final int[] around;

  private ContextSnapshot(List<ContextPropagator<?>> propagators, Object[] values) {
    this.propagators = propagators;
    this.values = values;
    this.around = aroundIndexes(propagators);
  }

  private static int[] aroundIndexes(List<ContextPropagator<?>> propagators) {
    int count = 0;
    for (ContextPropagator<?> p : propagators) {
      if (p instanceof AroundPropagator) {
        count++;
      }
    }
    if (count == 0) {
      return null;
    }
    int[] indexes = new int[count];
    int k = 0;
    for (int i = 0; i < propagators.size(); i++) {
      if (propagators.get(i) instanceof AroundPropagator) {
        indexes[k++] = i;
      }
    }
    return indexes;
  }

  /**
   * Captures the current thread's context.
   *
   * @param propagators what to capture
   * @return the snapshot
   * @throws ContextFailure if a propagator's {@code capture} throws
   */
  public static ContextSnapshot capture(List<ContextPropagator<?>> propagators) {
    int n = propagators.size();
    if (n == 0) {
      return EMPTY;
    }
    List<ContextPropagator<?>> ps = List.copyOf(propagators); // the same list when immutable
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      ContextPropagator<?> p = ps.get(i);
      try {
        values[i] = p.capture();
      } catch (RuntimeException | Error e) {
        throw new ContextFailure(p, "capture", e);
      }
    }
    return new ContextSnapshot(ps, values);
  }

  /**
   * Whether this snapshot carries nothing, so installing it would change nothing.
   *
   * @return true for a seam that propagates no context
   */
  public boolean isEmpty() {
    return propagators.isEmpty();
  }

  /**
   * Installs the captured context on the current thread.
   *
   * @return a scope that restores the thread's previous context, in reverse order; its {@code
   *     close} throws {@link ContextFailure} after restoring all, if a propagator's restore threw
   * @throws ContextFailure if a propagator's {@code install} throws; the ones installed before it
   *     are restored first
   */
  public ContextPropagator.Scope install() {
    int n = propagators.size();
    if (n == 0) {
      return NOTHING;
    }
    if (n == 1) {
      return installOnly();
    }
    ContextPropagator.Scope[] scopes = new ContextPropagator.Scope[n];
    for (int i = 0; i < n; i++) {
      try {
        scopes[i] = installOne(propagators.get(i), values[i]);
      } catch (RuntimeException | Error e) {
        ContextFailure failure = new ContextFailure(propagators.get(i), "install", e);
        ContextFailure restore = restore(scopes, i);
        if (restore != null) {
          failure.addSuppressed(restore);
        }
        throw failure;
      }
    }
    return () -> {
      ContextFailure restore = restore(scopes, n);
      if (restore != null) {
        throw restore;
      }
    };
  }

  /** One propagator, the common case (a seam that carries only the MDC): no array of scopes. */
  private ContextPropagator.Scope installOnly() {
    ContextPropagator<?> p = propagators.get(0);
    ContextPropagator.Scope scope;
    try {
      scope = installOne(p, values[0]);
    } catch (RuntimeException | Error e) {
      throw new ContextFailure(p, "install", e);
    }
    return scope == NOTHING ? NOTHING : new OnlyScope(p, scope);
  }

  /** Restores the one propagator's context; says which one if it threw. */
  private static final class OnlyScope implements ContextPropagator.Scope {
    private final ContextPropagator<?> propagator;
    private final ContextPropagator.Scope scope;

    OnlyScope(ContextPropagator<?> propagator, ContextPropagator.Scope scope) {
      this.propagator = propagator;
      this.scope = scope;
    }

    @Override
    public void close() {
      try {
        scope.close();
      } catch (RuntimeException | Error e) {
        throw new ContextFailure(propagator, "restore", e);
      }
    }
  }

  /**
   * Whether some of this context must be bound around the body ({@link #runAround}), not only
   * installed.
   *
   * @return true if a {@link AroundPropagator} is part of the snapshot
   */
  public boolean hasAround() {
    return around != null;
  }

  /**
   * Runs {@code body} on the current thread with the around context bound (outermost first, in
   * propagator order), and unbinds it when {@code body} returns or throws. Call inside the scope of
   * {@link #install()}.
   *
   * @param body what to run; what it throws, this throws as it is
   * @throws ContextFailure if an around propagator threw before {@code body} started; then {@code
   *     body} did not run
   */
  public void runAround(Runnable body) {
    if (around == null) {
      body.run();
    } else {
      runFrom(0, body);
    }
  }

  /**
   * Like {@link #runAround}, for a body that returns a value.
   *
   * @param body what to run
   * @param <R> its result type
   * @return what {@code body} returned
   * @throws ContextFailure if an around propagator threw before {@code body} started
   */
  public <R> R supplyAround(Supplier<R> body) {
    if (around == null) {
      return body.get();
    }
    Object[] result = new Object[1];
    runFrom(0, () -> result[0] = body.get());
    @SuppressWarnings("unchecked")
    R r = (R) result[0];
    return r;
  }

  private void runFrom(int k, Runnable body) {
    if (k == around.length) {
      body.run();
      return;
    }
    int i = around[k];
    boolean[] entered = new boolean[1];
    try {
      runOne(
          (AroundPropagator<?>) propagators.get(i),
          values[i],
          () -> {
            entered[0] = true;
            runFrom(k + 1, body);
          });
    } catch (RuntimeException | Error e) {
      if (entered[0]) {
        throw e; // from the body or an inner propagator: already what it should be
      }
      throw new ContextFailure(propagators.get(i), "install", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <C> void runOne(AroundPropagator<C> p, Object value, Runnable inner) {
    p.runAround((C) value, inner);
  }

  /** Closes {@code scopes[0..n)} in reverse, each one even if another threw; returns the first. */
  private ContextFailure restore(ContextPropagator.Scope[] scopes, int n) {
    ContextFailure first = null;
    for (int i = n - 1; i >= 0; i--) {
      try {
        if (scopes[i] != null) {
          scopes[i].close();
        }
      } catch (RuntimeException | Error e) {
        if (first == null) {
          first = new ContextFailure(propagators.get(i), "restore", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }

  @SuppressWarnings("unchecked")
  private static <C> ContextPropagator.Scope installOne(ContextPropagator<C> p, Object value) {
    ContextPropagator.Scope scope = p.install((C) value);
    return scope != null ? scope : NOTHING;
  }

  /** A propagator threw; says which one and in which step. */
  public static final class ContextFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String propagator;
    private final String step;

    ContextFailure(ContextPropagator<?> propagator, String step, Throwable cause) {
      super("context propagator " + propagator + " threw in " + step + ": " + cause, cause);
      this.propagator = String.valueOf(propagator);
      this.step = step;
    }

    /**
     * The propagator that threw.
     *
     * @return its {@code toString()}
     */
    public String propagator() {
      return propagator;
    }

    /**
     * What it was doing: {@code "capture"}, {@code "install"} or {@code "restore"}.
     *
     * @return the step
     */
    public String step() {
      return step;
    }
  }
}
