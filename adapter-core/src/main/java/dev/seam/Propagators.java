package dev.seam;

import dev.seam.internal.context.ContextRegistryPropagator;
import dev.seam.internal.context.MdcPropagator;
import dev.seam.internal.context.OpenTelemetryPropagator;
import dev.seam.internal.context.ScopedValuePropagator;
import dev.seam.internal.context.ThreadLocalPropagator;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@link ContextPropagator}s.
 *
 * @since 0.1
 */
public final class Propagators {
  private Propagators() {}

  /**
   * Carries the SLF4J MDC: the submitter's map is installed on the worker, and the worker's own map
   * is put back afterwards.
   *
   * @return the MDC propagator
   */
  public static ContextPropagator<?> mdc() {
    return MdcPropagator.INSTANCE;
  }

  /**
   * Carries the OpenTelemetry {@code Context} (current span, baggage).
   *
   * @return the OpenTelemetry propagator
   * @throws IllegalStateException if {@code io.opentelemetry:opentelemetry-context} is not on the
   *     class path or module path
   */
  public static ContextPropagator<?> openTelemetry() {
    if (!OpenTelemetryPropagator.isAvailable()) {
      throw new IllegalStateException(
          "OpenTelemetry is not available: add io.opentelemetry:opentelemetry-context");
    }
    return OpenTelemetryPropagator.create();
  }

  /**
   * Carries one {@link ThreadLocal}: its value on the submitting thread is set on the worker, and
   * the worker's previous value (or absence) is restored afterwards.
   *
   * @param threadLocal the thread local to carry
   * @param <T> its value type
   * @return a propagator for it
   * @throws NullPointerException if {@code threadLocal} is null
   */
  public static <T> ContextPropagator<?> threadLocal(ThreadLocal<T> threadLocal) {
    return new ThreadLocalPropagator<>(threadLocal);
  }

  /**
   * Carries every {@code ThreadLocalAccessor} registered with Micrometer's global {@code
   * io.micrometer.context.ContextRegistry}: Micrometer Observation and Tracing, Spring Security,
   * and whatever the application registered for Reactor or Spring's task decorators, with no code
   * per kind of context. The accessors registered when a call is submitted are read on the
   * submitting thread; on the worker each value is set with {@code setValue(v)}, or cleared with
   * {@code setValue()} where the submitter had none and the worker has one, and afterwards each
   * accessor gets {@code restore(previous)}, or {@code restore()} where the worker had no value. An
   * accessor that throws fails the call like any throwing propagator (see {@link
   * ContextPropagator}), and the message names the accessor's key; the others are restored.
   *
   * @return the propagator of the global registry
   * @throws IllegalStateException if {@code io.micrometer:context-propagation} is not on the class
   *     path or module path
   * @since 0.1
   */
  public static ContextPropagator<?> contextRegistry() {
    if (!ContextRegistryPropagator.isAvailable()) {
      throw new IllegalStateException(
          "Micrometer context-propagation is not available: add io.micrometer:context-propagation");
    }
    return ContextRegistryPropagator.create();
  }

  /**
   * Carries one {@code java.lang.ScopedValue} (Java 25 and later): when it is bound on the
   * submitting thread, the same value is bound on the worker for the call, and around each
   * dependent stage of its future; it is unbound again when the call returns. When it is not bound
   * at submission, it is not bound in the call. A scoped value can only be bound around code, so it
   * is bound inside the other propagators' context, whatever its place in {@link
   * SeamBuilder#propagate}.
   *
   * <p>Typed {@code Object} because Seam is built for Java 17; the value is checked at run time.
   *
   * @param scopedValue a {@code java.lang.ScopedValue<?>}
   * @return a propagator for it
   * @throws NullPointerException if {@code scopedValue} is null
   * @throws IllegalArgumentException naming the value, if it is not a {@code ScopedValue}
   * @throws UnsupportedOperationException naming the value and the JVM, on Java before 25
   * @since 0.1
   */
  public static ContextPropagator<?> scopedValue(Object scopedValue) {
    return ScopedValuePropagator.of(scopedValue);
  }

  /**
   * What a seam carries when its builder is not told otherwise: the MDC; plus the OpenTelemetry
   * context when OpenTelemetry is present at run time; plus {@link #contextRegistry()} when
   * Micrometer's context-propagation library is present, because an accessor registered there is
   * the application saying "carry this across threads", and with none registered it costs one look
   * at an empty list per call.
   *
   * @return a new list of the default propagators
   */
  public static List<ContextPropagator<?>> defaults() {
    List<ContextPropagator<?>> list = new ArrayList<>(3);
    list.add(mdc());
    if (OpenTelemetryPropagator.isAvailable()) {
      list.add(OpenTelemetryPropagator.create());
    }
    if (ContextRegistryPropagator.isAvailable()) {
      list.add(ContextRegistryPropagator.create());
    }
    return list;
  }
}
