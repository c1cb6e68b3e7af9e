package dev.seam.internal;

import dev.seam.ThreadMode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The threads one seam owns. All are daemon threads named after the seam, so a seam never keeps a
 * JVM alive and a thread dump says which downstream a stuck thread belongs to. Every thread is
 * tracked while it lives, so that {@link #joinAll} makes "no thread left after close" exact: an
 * executor reports termination a moment before its last thread has really exited. Every thread is
 * also in {@link LiveSeamThreads}, where leak checks find virtual ones too.
 */
final class SeamThreads {
  /** How long an idle seam thread (worker, canceller, the timer) stays before it exits. */
  static final long IDLE_SECONDS = SeamThreadFactory.IDLE_SECONDS;

  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private final SeamThreadFactory factory;

  SeamThreads(SeamThreadFactory factory) {
    this.factory = factory;
  }

  /** Workers: {@code seam-<name>-<n>}, at most {@code max} at once (admission bounds them too). */
  ExecutorService workers(String name, ThreadMode mode, int max) {
    String prefix = "seam-" + name + "-";
    if (mode == ThreadMode.VIRTUAL) {
      return VirtualThreads.perTaskExecutor(tracked(VirtualThreads.factory(prefix)));
    }
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            max,
            max,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            platform(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Cancel hooks: {@code seam-<name>-cancel-<n>}. Two threads, so one slow hook (a PostgreSQL
   * cancel opens a connection) does not hold up the others. The queue is bounded in practice by the
   * number of calls, since each call hands over its hooks at most once.
   */
  ExecutorService cancellers(String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            platform("seam-" + name + "-cancel-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** The deadline timer's thread: {@code seam-<name>-timer}, one at a time (see TimerClock). */
  ThreadFactory timer(String name) {
    return factory.named("seam-" + name + "-timer", false, live);
  }

  private ThreadFactory platform(String prefix) {
    return factory.named(prefix, true, live);
  }

  /** Tracks threads another factory makes (virtual workers) like the seam's own. */
  private ThreadFactory tracked(ThreadFactory other) {
    return SeamThreadFactory.tracked(other, live);
  }

  /** Whether {@code t} is one of this seam's threads, so that waiting for the seam waits on it. */
  boolean owns(Thread t) {
    return live.contains(t);
  }

  /**
   * Starts {@code seam-<name>-closer} to run {@code close}.
   *
   * @return false if no thread could be started
   */
  boolean startCloser(String name, Runnable close) {
    Thread t = platform("seam-" + name + "-closer-").newThread(close);
    try {
      t.start();
      return true;
    } catch (RuntimeException | OutOfMemoryError e) { // no thread to be had: close in place
      live.remove(t);
      LiveSeamThreads.remove(t);
      return false;
    }
  }

  /**
   * Waits up to {@code nanos} for every tracked thread but the current one to exit. An interrupt
   * does not cut the wait short: it is kept for the caller.
   *
   * @return the threads still alive after that
   */
  List<Thread> joinAll(long nanos) {
    Thread me = Thread.currentThread();
    long start = System.nanoTime();
    boolean interrupted = false;
    for (Thread t : List.copyOf(live)) {
      while (t != me && t.isAlive()) {
        long left = nanos - (System.nanoTime() - start);
        if (left <= 0) {
          break;
        }
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      me.interrupt();
    }
    return live.stream().filter(t -> t != me && t.isAlive()).collect(Collectors.toList());
  }

  /** Virtual threads through method handles, so that this code compiles for Java 17. */
  private static final class VirtualThreads {
    private VirtualThreads() {}

    static ThreadFactory factory(String prefix) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtualClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
        Object builder =
            lookup
                .findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualClass))
                .invoke();
        MethodHandle name =
            lookup.findVirtual(
                ofVirtualClass,
                "name",
                MethodType.methodType(ofVirtualClass, String.class, long.class));
        builder = name.invoke(builder, prefix, 1L);
        return (ThreadFactory)
            lookup
                .findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class))
                .invoke(builder);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw unavailable(e);
      }
    }

    static ExecutorService perTaskExecutor(ThreadFactory factory) {
      try {
        return (ExecutorService)
            MethodHandles.publicLookup()
                .findStatic(
                    Executors.class,
                    "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class))
                .invoke(factory);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw unavailable(e);
      }
    }

    private static UnsupportedOperationException unavailable(Throwable e) {
      return new UnsupportedOperationException(
          "virtual threads are not available on Java " + Runtime.version(), e);
    }
  }
}
