package dev.seam.internal.context;

import dev.seam.internal.AroundPropagator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;

/**
 * Carries one {@code java.lang.ScopedValue} (final in Java 25, JEP 506): a binding current on the
 * submitting thread is bound on the worker around the call, and is gone when the call returns,
 * because a scoped value is bound only inside {@code ScopedValue.where(k, v).run(op)}. A value not
 * bound at submission stays unbound on the worker.
 *
 * <p>Seam is compiled for Java 17, so {@code ScopedValue} is reached through method handles looked
 * up once, when the first such propagator is made on a Java 25 JVM; a JVM before 25 never loads
 * this class's handles. Thread-safe and immutable.
 */
public final class ScopedValuePropagator implements AroundPropagator<Object> {
  /** Captured for a binding to null, which {@code ScopedValue} allows; null means "not bound". */
  private static final Object BOUND_TO_NULL = new Object();

  private final Object scopedValue;

  private ScopedValuePropagator(Object scopedValue) {
    this.scopedValue = scopedValue;
  }

  /**
   * Creates a propagator for {@code scopedValue}, after checking the JVM and the value.
   *
   * @param scopedValue a {@code java.lang.ScopedValue}
   * @return its propagator
   * @throws NullPointerException if {@code scopedValue} is null
   * @throws UnsupportedOperationException on a JVM before Java 25
   * @throws IllegalArgumentException if {@code scopedValue} is not a {@code ScopedValue}
   */
  public static ScopedValuePropagator of(Object scopedValue) {
    Objects.requireNonNull(scopedValue, "scopedValue is null");
    if (Runtime.version().feature() < 25) {
      throw new UnsupportedOperationException(
          "Propagators.scopedValue("
              + scopedValue
              + "): ScopedValue carry-over needs Java 25 or later; this JVM is Java "
              + Runtime.version());
    }
    if (!Handles.SCOPED_VALUE.isInstance(scopedValue)) {
      throw new IllegalArgumentException(
          "Propagators.scopedValue(...) takes a java.lang.ScopedValue, not a "
              + scopedValue.getClass().getName()
              + ": "
              + scopedValue);
    }
    return new ScopedValuePropagator(scopedValue);
  }

  @Override
  public Object capture() {
    try {
      if (!(boolean) Handles.IS_BOUND.invokeExact(scopedValue)) {
        return null;
      }
      Object value = (Object) Handles.GET.invokeExact(scopedValue);
      return value == null ? BOUND_TO_NULL : value;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) { // isBound and get declare nothing checked
      throw new IllegalStateException(t);
    }
  }

  @Override
  public void runAround(Object captured, Runnable body) {
    if (captured == null) {
      body.run(); // not bound at submission: not bound on the worker either
      return;
    }
    Object value = captured == BOUND_TO_NULL ? null : captured;
    try {
      Object carrier = (Object) Handles.WHERE.invokeExact(scopedValue, value);
      Handles.RUN.invokeExact(carrier, body);
    } catch (RuntimeException | Error e) {
      throw e; // the body's own failure, unwrapped: method handles do not wrap
    } catch (Throwable t) { // a checked exception can only come from sneaky user code in body
      throw new IllegalStateException(t);
    }
  }

  @Override
  public String toString() {
    return "Propagators.scopedValue(" + scopedValue + ")";
  }

  /** The reflective view of {@code ScopedValue}; initialised only on a Java 25 JVM. */
  private static final class Handles {
    static final Class<?> SCOPED_VALUE;
    static final MethodHandle IS_BOUND;
    static final MethodHandle GET;
    static final MethodHandle WHERE;
    static final MethodHandle RUN;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> sv = Class.forName("java.lang.ScopedValue");
        Class<?> carrier = Class.forName("java.lang.ScopedValue$Carrier");
        SCOPED_VALUE = sv;
        IS_BOUND =
            lookup
                .findVirtual(sv, "isBound", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
        GET =
            lookup
                .findVirtual(sv, "get", MethodType.methodType(Object.class))
                .asType(MethodType.methodType(Object.class, Object.class));
        WHERE =
            lookup
                .findStatic(sv, "where", MethodType.methodType(carrier, sv, Object.class))
                .asType(MethodType.methodType(Object.class, Object.class, Object.class));
        RUN =
            lookup
                .findVirtual(carrier, "run", MethodType.methodType(void.class, Runnable.class))
                .asType(MethodType.methodType(void.class, Object.class, Runnable.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Handles() {}
  }
}
