package dev.seam.internal.context;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.seam.ContextPropagator.Scope;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC when logback (1.3 or later) is the SLF4J binding; loaded only when logback is present.
 *
 * <p>Logback keeps, per thread, a read-only snapshot of the MDC map that it builds on the first
 * read after a change and replaces, never alters, on the next change ({@code getPropertyMap()}, the
 * map every logging event carries). The same snapshot still being current means the thread's MDC
 * has not changed since. So a capture copies the map only when the snapshot is not the one it
 * copied last on this thread, and hands out that same copy otherwise; and an install on a thread
 * whose current snapshot is the one the captured copy was made of sets nothing.
 *
 * <p>The copy is a plain {@code HashMap}, never changed after it is made and shared by every
 * capture of that snapshot: logback copies what it is given on install, and a plain map is the
 * cheapest to copy (its own read-only wrapper costs an object per entry).
 */
final class LogbackMdc {
  /**
   * Per thread: {@code {snapshot, copy}}, logback's snapshot at this thread's last capture and the
   * copy made of it. Holds JDK types only, so it keeps no class loader alive.
   */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

  private LogbackMdc() {}

  /**
   * The current thread's MDC, as a map never changed afterwards.
   *
   * @return the map; null when the thread has no MDC
   */
  @SuppressWarnings("unchecked") // LAST holds a copy of a Map<String, String>
  static Map<String, String> capture() {
    if (!(MDC.getMDCAdapter() instanceof LogbackMDCAdapter logback)) {
      return MDC.getCopyOfContextMap();
    }
    Map<String, String> snapshot = logback.getPropertyMap();
    if (snapshot == null) {
      return null;
    }
    Object[] last = LAST.get();
    if (last[0] != snapshot) {
      last[1] = new HashMap<>(snapshot);
      last[0] = snapshot;
    }
    return (Map<String, String>) last[1];
  }

  /**
   * Installs {@code captured}, or nothing when the thread's MDC is unchanged since it captured it
   * (a stage added to a completed future on the submitting thread, the common case).
   *
   * @return a scope that gives the thread its previous map back
   */
  static Scope install(Map<String, String> captured) {
    if (!(MDC.getMDCAdapter() instanceof LogbackMDCAdapter logback)) {
      return MdcPropagator.installCopy(captured);
    }
    Map<String, String> previous = logback.getPropertyMap(); // no copy while the thread's is kept
    if (previous == null ? captured == null : isCopyOf(previous, captured)) {
      return new Unchanged(logback, previous, captured);
    }
    MdcPropagator.set(captured);
    return MdcPropagator.restoring(previous);
  }

  private static boolean isCopyOf(Map<String, String> snapshot, Map<String, String> captured) {
    Object[] last = LAST.get();
    return last[0] == snapshot && last[1] == captured;
  }

  /**
   * Closes a scope that set nothing. The thread's map was {@code snapshot}, equal to {@code
   * captured}; if the code in the scope changed it (a new snapshot, or none), it is set back.
   */
  private static final class Unchanged implements Scope {
    private final LogbackMDCAdapter logback;
    private final Map<String, String> snapshot;
    private final Map<String, String> captured;

    Unchanged(
        LogbackMDCAdapter logback, Map<String, String> snapshot, Map<String, String> captured) {
      this.logback = logback;
      this.snapshot = snapshot;
      this.captured = captured;
    }

    @Override
    public void close() {
      if (logback.getPropertyMap() != snapshot) {
        MdcPropagator.set(captured);
      }
    }
  }
}
