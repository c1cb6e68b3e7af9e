package dev.seam.internal.context;

import dev.seam.ContextPropagator;
import io.opentelemetry.context.Context;

/** Carries the current OpenTelemetry {@link Context}: span, baggage, anything stored in it. */
final class OpenTelemetryContext implements ContextPropagator<Context> {
  static final OpenTelemetryContext INSTANCE = new OpenTelemetryContext();

  private OpenTelemetryContext() {}

  @Override
  public Context capture() {
    return Context.current();
  }

  @Override
  @SuppressWarnings("MustBeClosedChecker") // the seam closes the returned scope on this thread
  public Scope install(Context captured) {
    // makeCurrent() returns a scope that restores the worker's previous context when closed.
    io.opentelemetry.context.Scope scope = captured.makeCurrent();
    return scope::close;
  }

  @Override
  public String toString() {
    return "Propagators.openTelemetry()";
  }
}
