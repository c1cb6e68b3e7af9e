package dev.seam.internal.context;

import dev.seam.ContextPropagator;
import java.util.Map;
import org.slf4j.MDC;

/** Carries the SLF4J MDC map; restores the worker's own map (or an empty MDC) afterwards. */
public final class MdcPropagator implements ContextPropagator<Map<String, String>> {
  /** The one instance; it holds no state. */
  public static final MdcPropagator INSTANCE = new MdcPropagator();

  private MdcPropagator() {}

  @Override
  public Map<String, String> capture() {
    return MDC.getCopyOfContextMap();
  }

  @Override
  public Scope install(Map<String, String> captured) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    set(captured);
    return () -> set(previous);
  }

  private static void set(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(map);
    }
  }

  @Override
  public String toString() {
    return "Propagators.mdc()";
  }
}
