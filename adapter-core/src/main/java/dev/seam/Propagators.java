package dev.seam;

import dev.seam.internal.context.MdcPropagator;
import dev.seam.internal.context.OpenTelemetryPropagator;
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
   * What a seam carries when its builder is not told otherwise: the MDC, plus the OpenTelemetry
   * context when OpenTelemetry is present at run time.
   *
   * @return a new list of the default propagators
   */
  public static List<ContextPropagator<?>> defaults() {
    List<ContextPropagator<?>> list = new ArrayList<>(2);
    list.add(mdc());
    if (OpenTelemetryPropagator.isAvailable()) {
      list.add(OpenTelemetryPropagator.create());
    }
    return list;
  }
}
