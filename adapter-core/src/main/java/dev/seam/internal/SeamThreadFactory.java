package dev.seam.internal;

import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way Seam's modules make platform threads of their own (a seam's workers, cancel threads,
 * timer and closer; an SSE endpoint's writers and timer): daemon threads, named after what they
 * serve, each in {@link LiveSeamThreads} from its creation until its run ends, so a leak check
 * finds every one of them. Thread-safe.
 *
 * <p>Where the {@link Thread} objects come from is a constructor argument, so a test can make
 * starting one fail exactly as the JVM does when it runs out of native threads ({@code
 * OutOfMemoryError: unable to create native thread} from {@link Thread#start()}).
 */
public final class SeamThreadFactory {
  /** How long an idle thread of a Seam pool (or a Seam timer) waits for work before it exits. */
  public static final long IDLE_SECONDS = 10;

  /** {@link #IDLE_SECONDS} in nanoseconds. */
  public static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);

  /** Plain platform threads. */
  public static final SeamThreadFactory SYSTEM = new SeamThreadFactory(Thread::new);

  private final ThreadFactory source;

  /**
   * A factory whose unnamed, unstarted threads come from {@code source}.
   *
   * @param source makes a platform thread for a runnable; names and daemon flags are set here
   */
  public SeamThreadFactory(ThreadFactory source) {
    this.source = source;
  }

  /**
   * Daemon threads named the prefix followed by 1, 2, ... ({@code numbered}) or all named the
   * prefix, tracked while they live.
   *
   * @param prefix the name, or its stem when numbered
   * @param numbered whether to append 1, 2, ...
   * @return the factory
   */
  public ThreadFactory named(String prefix, boolean numbered) {
    return named(prefix, numbered, null);
  }

  /**
   * As {@link #named(String, boolean)}, also adding each thread to {@code owned} while it lives, so
   * its owner can tell its own threads and join them.
   */
  ThreadFactory named(String prefix, boolean numbered, Set<Thread> owned) {
    AtomicInteger n = new AtomicInteger();
    return tracked(
        r -> {
          Thread t = source.newThread(r);
          if (t != null) {
            t.setName(numbered ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
          }
          return t;
        },
        owned);
  }

  /**
   * Wraps a factory so each thread is in {@link LiveSeamThreads} (and {@code owned}, if not null)
   * from creation until its run ends.
   */
  static ThreadFactory tracked(ThreadFactory factory, Set<Thread> owned) {
    return r -> {
      Thread[] self = new Thread[1];
      Thread t =
          factory.newThread(
              () -> {
                try {
                  r.run();
                } finally {
                  LiveSeamThreads.exiting();
                  if (owned != null) {
                    owned.remove(self[0]);
                  }
                  LiveSeamThreads.remove(self[0]);
                }
              });
      if (t != null) {
        self[0] = t;
        if (owned != null) {
          owned.add(t);
        }
        LiveSeamThreads.add(t);
      }
      return t;
    };
  }

  /**
   * Forgets a thread that was made but could not be started, so no leak check waits for it.
   *
   * @param t the thread
   */
  public static void notStarted(Thread t) {
    LiveSeamThreads.remove(t);
  }
}
