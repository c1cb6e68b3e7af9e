package dev.seam.http.internal;

import java.util.function.BiConsumer;

/**
 * The W3C trace context headers of the OpenTelemetry context current when a call was submitted.
 * Captured on the submitting thread, written into the request on the worker. Without OpenTelemetry
 * on the class path it writes nothing, and no OpenTelemetry type is loaded.
 */
@FunctionalInterface
public interface TraceHeaders {
  /** Headers for a caller with no trace context, or without OpenTelemetry. */
  TraceHeaders NONE = setter -> {};

  /**
   * Writes the headers ({@code traceparent}, {@code tracestate}) through {@code setter}.
   *
   * @param setter takes a header name and value
   */
  void writeTo(BiConsumer<String, String> setter);

  /**
   * Captures the current OpenTelemetry context on the calling thread.
   *
   * @return the headers to write later, or {@link #NONE}
   */
  static TraceHeaders captureCurrent() {
    return OpenTelemetryPresence.AVAILABLE ? OpenTelemetryTraceHeaders.capture() : NONE;
  }
}
