package dev.seam.internal.context;

import dev.seam.ContextPropagator;

/**
 * Detects OpenTelemetry at run time. The propagator itself lives in {@link OpenTelemetryContext} so
 * that no OpenTelemetry type is loaded unless the library is present.
 */
public final class OpenTelemetryPropagator {
  private static final boolean AVAILABLE = detect();

  private OpenTelemetryPropagator() {}

  private static boolean detect() {
    try {
      Class<?> library =
          Class.forName(
              "io.opentelemetry.context.Context",
              false,
              OpenTelemetryPropagator.class.getClassLoader());
      return Readability.ensure(OpenTelemetryPropagator.class, library);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether {@code io.opentelemetry:opentelemetry-context} is present.
   *
   * @return true if it is
   */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /**
   * Creates the OpenTelemetry propagator; call only when {@link #isAvailable()}.
   *
   * @return the propagator
   */
  public static ContextPropagator<?> create() {
    return OpenTelemetryContext.INSTANCE;
  }
}
