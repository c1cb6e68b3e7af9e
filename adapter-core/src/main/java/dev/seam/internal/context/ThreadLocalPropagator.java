package dev.seam.internal.context;

import dev.seam.ContextPropagator;
import java.util.Objects;

/**
 * Carries one {@link ThreadLocal}. A null value means "absent": installing it removes the entry, so
 * a worker does not keep an empty slot around.
 *
 * @param <T> the thread local's value type
 */
public final class ThreadLocalPropagator<T> implements ContextPropagator<T> {
  private final ThreadLocal<T> threadLocal;

  /**
   * Creates a propagator for {@code threadLocal}.
   *
   * @param threadLocal the thread local to carry
   */
  public ThreadLocalPropagator(ThreadLocal<T> threadLocal) {
    this.threadLocal = Objects.requireNonNull(threadLocal, "threadLocal");
  }

  @Override
  public T capture() {
    return threadLocal.get();
  }

  @Override
  public Scope install(T captured) {
    T previous = threadLocal.get();
    set(captured);
    return () -> set(previous);
  }

  private void set(T value) {
    if (value == null) {
      threadLocal.remove();
    } else {
      threadLocal.set(value);
    }
  }

  @Override
  public String toString() {
    return "Propagators.threadLocal(" + threadLocal + ")";
  }
}
