package dev.seam.http.internal;

/** Detects the OpenTelemetry API at run time, without loading its types when it is absent. */
final class OpenTelemetryPresence {
  static final boolean AVAILABLE = detect();

  private OpenTelemetryPresence() {}

  private static boolean detect() {
    try {
      Class.forName(
          "io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator",
          false,
          OpenTelemetryPresence.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
