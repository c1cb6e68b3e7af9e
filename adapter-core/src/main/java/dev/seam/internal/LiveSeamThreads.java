package dev.seam.internal;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Every thread that any seam in this JVM owns, from its creation until its work ends, so that a
 * leak check can find seam threads the JVM does not list: {@link Thread#getAllStackTraces()} never
 * includes virtual threads. {@code SeamThreads} adds and removes each thread it creates; nothing
 * else writes here.
 *
 * <p>A process-wide static, because the leak check must see threads of seams it never saw built.
 * Weak, because an executor that shuts down between creating a thread and starting it never starts
 * it, so its run never ends to remove it; a started thread stays reachable until it ends (the JVM,
 * or for a virtual thread its executor, holds it). Threads are created rarely, so one lock is cheap
 * enough. Thread-safe.
 */
public final class LiveSeamThreads {
  private static final Set<Thread> LIVE =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** Run by each seam thread as its work ends; null when no leak check is installed. */
  private static volatile Runnable exitInspector;

  private LiveSeamThreads() {}

  static void add(Thread t) {
    LIVE.add(t);
  }

  static void remove(Thread t) {
    LIVE.remove(t);
  }

  /**
   * Called by a seam thread itself as its work ends, before it leaves {@link #LIVE}: runs the
   * inspector, which can read what the thread's thread-locals still hold. An inspector that throws
   * is ignored; the thread still ends.
   */
  static void exiting() {
    Runnable inspector = exitInspector;
    if (inspector != null) {
      try {
        inspector.run();
      } catch (RuntimeException | Error e) {
        // a broken check must not keep a seam thread from ending
      }
    }
  }

  /**
   * Installs what every seam thread runs on itself as its work ends (a leak check reading the
   * thread's MDC), replacing any earlier one; null removes it. The inspector runs on the ending
   * thread, once per thread (once per task for virtual workers), and must not block.
   *
   * @param inspector what each ending thread runs, or null
   */
  public static void inspectOnExit(Runnable inspector) {
    exitInspector = inspector;
  }

  /**
   * The seam threads created and not yet finished, including any not yet started.
   *
   * @return a copy, platform and virtual threads alike
   */
  public static Set<Thread> snapshot() {
    synchronized (LIVE) {
      return Set.copyOf(LIVE);
    }
  }
}
