package dev.seam.internal.context;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.seam.ContextPropagator.Scope;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC when logback (1.3 or later) is the SLF4J binding; loaded only when logback is present.
 *
 * <p>Logback keeps, per thread, a read-only snapshot of the MDC map that it builds on the first
 * read after a change and replaces, never alters, on the next change ({@code getPropertyMap()}, the
 * map every logging event carries). Such a snapshot is as good as a copy for a capture, and the
 * same snapshot still being current means the thread's MDC has not changed since: that identity is
 * how {@link #install} knows a thread already holds exactly the captured map.
 */
final class LogbackMdc {
  private LogbackMdc() {}

  /**
   * The current thread's MDC as logback's read-only snapshot, or a copy under another binding.
   *
   * @return the map, never changed afterwards; null when the thread has no MDC
   */
  static Map<String, String> capture() {
    if (MDC.getMDCAdapter() instanceof LogbackMDCAdapter logback) {
      return logback.getPropertyMap();
    }
    return MDC.getCopyOfContextMap();
  }

  /**
   * Installs {@code captured}, or nothing when the thread's MDC is that very snapshot: on the
   * thread that captured it, unchanged since (a stage added to a completed future, the common
   * case).
   *
   * @return a scope that gives the thread its previous map back
   */
  static Scope install(Map<String, String> captured) {
    if (!(MDC.getMDCAdapter() instanceof LogbackMDCAdapter logback)) {
      return MdcPropagator.installCopy(captured);
    }
    Map<String, String> previous = logback.getPropertyMap(); // no copy while the thread's is kept
    if (previous == captured) {
      return new Unchanged(logback, captured);
    }
    MdcPropagator.set(captured);
    return MdcPropagator.restoring(previous);
  }

  /**
   * Closes a scope that set nothing. The thread's map was {@code captured}; if the code in the
   * scope changed it (a new snapshot, or none), it is set back.
   */
  private static final class Unchanged implements Scope {
    private final LogbackMDCAdapter logback;
    private final Map<String, String> captured;

    Unchanged(LogbackMDCAdapter logback, Map<String, String> captured) {
      this.logback = logback;
      this.captured = captured;
    }

    @Override
    public void close() {
      if (logback.getPropertyMap() != captured) {
        MdcPropagator.set(captured);
      }
    }
  }
}
