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

  private LiveSeamThreads() {}

  static void add(Thread t) {
    LIVE.add(t);
  }

  static void remove(Thread t) {
    LIVE.remove(t);
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
