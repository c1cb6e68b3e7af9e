package dev.seam.internal.context;

import dev.seam.ContextPropagator;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the SLF4J MDC map; restores the worker's own map (or an empty MDC) afterwards.
 *
 * <p>Capture keeps one unchanging copy of the map, since the caller may change its MDC afterwards.
 * With logback as the binding ({@link LogbackMdc}) a caller whose MDC has not changed since its
 * last capture gets that same copy again, so it pays for the copy once over all its calls, and an
 * install on a thread whose MDC has not changed since it captured the map sets nothing. Installing
 * otherwise sets the map (the MDC API copies what it is given) and keeps the thread's previous one,
 * copied under other bindings, logback's read-only snapshot under logback; an empty previous map is
 * restored by clearing, without keeping or copying anything.
 */
public final class MdcPropagator implements ContextPropagator<Map<String, String>> {
  /** The one instance; it holds no state. */
  public static final MdcPropagator INSTANCE = new MdcPropagator();

  private static final boolean LOGBACK = detectLogback();

  private static final Scope CLEAR = MDC::clear;

  private MdcPropagator() {}

  /**
   * Logback 1.3 or later is present: its read-only snapshot ({@code readOnlyThreadLocalMap}) is
   * what {@link LogbackMdc} relies on; older versions keep a mutable map and take the copying path.
   * Whether logback is the binding is asked on each call, never here: this may run while SLF4J is
   * still choosing it.
   */
  private static boolean detectLogback() {
    try {
      Class<?> adapter =
          Class.forName(
              "ch.qos.logback.classic.util.LogbackMDCAdapter",
              false,
              MdcPropagator.class.getClassLoader());
      return adapter.getDeclaredField("readOnlyThreadLocalMap").getType() == ThreadLocal.class
          && Readability.ensure(MdcPropagator.class, adapter);
    } catch (ClassNotFoundException | NoSuchFieldException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Map<String, String> capture() {
    return LOGBACK ? LogbackMdc.capture() : MDC.getCopyOfContextMap();
  }

  @Override
  public Scope install(Map<String, String> captured) {
    return LOGBACK ? LogbackMdc.install(captured) : installCopy(captured);
  }

  /** Any binding: the previous map is copied out, the captured one copied in. */
  static Scope installCopy(Map<String, String> captured) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    set(captured);
    return restoring(previous);
  }

  /** A scope that sets {@code previous} back, an unchanging map; clearing when it is empty. */
  static Scope restoring(Map<String, String> previous) {
    return previous == null || previous.isEmpty() ? CLEAR : () -> set(previous);
  }

  static void set(Map<String, String> map) {
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
