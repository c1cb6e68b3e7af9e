package dev.seam.internal.context;

import dev.seam.ContextPropagator;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.List;

/**
 * Carries the value of every {@link ThreadLocalAccessor} registered with the global {@link
 * ContextRegistry} at the moment of capture (Micrometer Observation and Tracing, Spring Security,
 * anything an application registered for Reactor or Spring's {@code
 * ContextPropagatingTaskDecorator}).
 *
 * <p>Follows the accessor contract as Micrometer's own snapshots do with {@code clearMissing}: a
 * captured value is {@code setValue(v)}; a value the submitter did not have is {@code setValue()}
 * (cleared) when the worker has one, so the call sees exactly the submitter's context; afterwards
 * each accessor gets {@code restore(previous)}, or {@code restore()} when the worker had no value.
 * Unlike Micrometer's snapshot, it never leaves part of a context behind: an accessor that throws
 * in {@code setValue} has the ones set before it restored, every accessor is restored even when
 * another throws, and the registry is read once per call, so an accessor registered or removed
 * while the call runs changes nothing about that call. Thread-safe and stateless.
 */
final class RegisteredAccessors implements ContextPropagator<RegisteredAccessors.Captured> {
  static final RegisteredAccessors INSTANCE = new RegisteredAccessors();
  private static final Scope NOTHING = () -> {};

  private RegisteredAccessors() {}

  /** The accessors registered at capture and their values then; a null value means "absent". */
  static final class Captured {
    final ThreadLocalAccessor<?>[] accessors;
    final Object[] values;

    Captured(ThreadLocalAccessor<?>[] accessors, Object[] values) {
      this.accessors = accessors;
      this.values = values;
    }
  }

  /**
   * The submitter had no value for any registered accessor: the common case (an accessor such as
   * Micrometer's Observation one is registered as soon as its library is on the class path, with no
   * observation open). Shared, so such a call allocates nothing to carry; the worker is checked at
   * install, and anything it holds is cleared for the call as usual.
   */
  private static final Captured NONE_SET =
      new Captured(new ThreadLocalAccessor<?>[0], new Object[0]);

  @Override
  public Captured capture() {
    List<ThreadLocalAccessor<?>> registered =
        ContextRegistry.getInstance().getThreadLocalAccessors();
    if (registered.isEmpty()) {
      return null; // nothing registered: nothing to carry, nothing to install
    }
    int n = registered.size();
    Object[] values = null; // allocated at the first value: most calls carry none
    for (int i = 0; i < n; i++) {
      ThreadLocalAccessor<?> accessor = registered.get(i);
      Object value;
      try {
        value = accessor.getValue();
      } catch (RuntimeException | Error e) {
        throw failed(accessor, "getValue", e);
      }
      if (value != null) {
        if (values == null) {
          values = new Object[n];
        }
        values[i] = value;
      }
    }
    if (values == null) {
      return NONE_SET;
    }
    return new Captured(registered.toArray(new ThreadLocalAccessor<?>[0]), values);
  }

  @Override
  public Scope install(Captured captured) {
    if (captured == null) {
      return NOTHING;
    }
    if (captured == NONE_SET) {
      return installNone();
    }
    ThreadLocalAccessor<?>[] accessors = captured.accessors;
    int n = accessors.length;
    Object[] previous = new Object[n];
    boolean[] touched = new boolean[n];
    for (int i = 0; i < n; i++) {
      try {
        touched[i] = set(accessors[i], captured.values[i], previous, i);
      } catch (RuntimeException | Error e) {
        RuntimeException failure = failed(accessors[i], "setValue", e);
        RuntimeException restore = restoreAll(accessors, previous, touched, i);
        if (restore != null) {
          failure.addSuppressed(restore);
        }
        throw failure;
      }
    }
    return () -> {
      RuntimeException restore = restoreAll(accessors, previous, touched, n);
      if (restore != null) {
        throw restore;
      }
    };
  }

  /**
   * The submitter had no values: nothing to install unless the worker holds one, which the call
   * must not see. Reads the registry as it is now, on the worker, and takes the general path only
   * if something needs clearing, so the common case allocates nothing.
   */
  private Scope installNone() {
    List<ThreadLocalAccessor<?>> registered =
        ContextRegistry.getInstance().getThreadLocalAccessors();
    for (int i = 0; i < registered.size(); i++) {
      ThreadLocalAccessor<?> accessor = registered.get(i);
      Object held;
      try {
        held = accessor.getValue();
      } catch (RuntimeException | Error e) {
        throw failed(accessor, "getValue", e);
      }
      if (held != null) {
        ThreadLocalAccessor<?>[] accessors = registered.toArray(new ThreadLocalAccessor<?>[0]);
        return install(new Captured(accessors, new Object[accessors.length]));
      }
    }
    return NOTHING;
  }

  /** Sets one accessor; returns whether it was touched, so whether it needs restoring. */
  @SuppressWarnings("unchecked")
  private static <V> boolean set(
      ThreadLocalAccessor<V> accessor, Object value, Object[] previous, int i) {
    V before = accessor.getValue();
    if (value != null) {
      previous[i] = before;
      accessor.setValue((V) value);
      return true;
    }
    if (before != null) { // the submitter had none: the call must not see the worker's
      previous[i] = before;
      accessor.setValue();
      return true;
    }
    return false; // absent on both sides: nothing to do, nothing to restore
  }

  /** Restores {@code [0, n)} in reverse, each even if another threw; returns the first failure. */
  private static RuntimeException restoreAll(
      ThreadLocalAccessor<?>[] accessors, Object[] previous, boolean[] touched, int n) {
    RuntimeException first = null;
    for (int i = n - 1; i >= 0; i--) {
      if (!touched[i]) {
        continue;
      }
      try {
        restore(accessors[i], previous[i]);
      } catch (RuntimeException | Error e) {
        if (first == null) {
          first = failed(accessors[i], "restore", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }

  @SuppressWarnings("unchecked")
  private static <V> void restore(ThreadLocalAccessor<V> accessor, Object previous) {
    if (previous != null) {
      accessor.restore((V) previous);
    } else {
      accessor.restore();
    }
  }

  /** Names the accessor, which the propagator's own name cannot: there may be dozens. */
  private static RuntimeException failed(
      ThreadLocalAccessor<?> accessor, String step, Throwable e) {
    return new IllegalStateException(
        "ThreadLocalAccessor '"
            + keyOf(accessor)
            + "' ("
            + accessor.getClass().getName()
            + ") threw in "
            + step
            + ": "
            + e,
        e);
  }

  private static String keyOf(ThreadLocalAccessor<?> accessor) {
    try {
      return String.valueOf(accessor.key());
    } catch (RuntimeException e) { // already reporting a failure of this accessor: don't mask it
      return "?";
    }
  }

  @Override
  public String toString() {
    return "Propagators.contextRegistry()";
  }
}
