package dev.seam.http.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.function.BiConsumer;

/**
 * Writes W3C trace context with the API's own propagator. Deliberately not the globally registered
 * propagator: the header must appear whether or not the application installed an SDK, as long as a
 * valid span context is current.
 */
final class OpenTelemetryTraceHeaders implements TraceHeaders {
  private static final TextMapSetter<BiConsumer<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.accept(key, value);
        }
      };

  private final Context context;

  private OpenTelemetryTraceHeaders(Context context) {
    this.context = context;
  }

  static TraceHeaders capture() {
    Context current = Context.current();
    if (!Span.fromContext(current).getSpanContext().isValid()) {
      return NONE;
    }
    return new OpenTelemetryTraceHeaders(current);
  }

  @Override
  public void writeTo(BiConsumer<String, String> setter) {
    W3CTraceContextPropagator.getInstance().inject(context, setter, SETTER);
  }
}
