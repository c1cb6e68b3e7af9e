package dev.seam.testing;

import dev.seam.internal.LiveSeamThreads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * What seam threads still held in their thread-locals as they ended, between {@link #start} and
 * {@link #stop}. Each ending seam thread runs {@link #inspect} on itself (the only thread that can
 * read its own thread-locals) through {@link LiveSeamThreads#inspectOnExit}.
 *
 * <p>Process-wide, like the seam threads it watches. Thread-safe: findings go into a synchronized
 * list, bounded so that a run which never calls {@link #stop} cannot grow it without end.
 */
final class ExitFindings {
  private static final int MAX_FINDINGS = 100;
  private static final List<Finding> FINDINGS = new ArrayList<>();
  private static volatile List<ThreadLocal<?>> watched = List.of();

  private ExitFindings() {}

  /** One ended seam thread and what it still held. */
  static final class Finding {
    final Thread thread;
    final String left;

    Finding(Thread thread, String left) {
      this.thread = thread;
      this.left = left;
    }
  }

  /** Forgets earlier findings and watches MDC and {@code threadLocals} from now on. */
  static void start(List<ThreadLocal<?>> threadLocals) {
    watched = List.copyOf(threadLocals);
    synchronized (FINDINGS) {
      FINDINGS.clear();
    }
    LiveSeamThreads.inspectOnExit(ExitFindings::inspect);
  }

  /** The findings since {@link #start}; keeps watching MDC only, for threads that end later. */
  static List<Finding> stop() {
    watched = List.of();
    synchronized (FINDINGS) {
      List<Finding> all = new ArrayList<>(FINDINGS);
      FINDINGS.clear();
      return all;
    }
  }

  private static void inspect() {
    Map<String, Object> left = new LinkedHashMap<>();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc != null && !mdc.isEmpty()) {
      left.put("MDC", mdc);
    }
    for (ThreadLocal<?> tl : watched) {
      Object value = tl.get();
      if (value != null) {
        left.put(tl.toString(), value);
      }
    }
    if (left.isEmpty()) {
      return;
    }
    synchronized (FINDINGS) {
      if (FINDINGS.size() < MAX_FINDINGS) {
        FINDINGS.add(new Finding(Thread.currentThread(), left.toString()));
      }
    }
  }
}
