package dev.seam.internal;

import dev.seam.ThreadMode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a seam owns. All are daemon threads named after the seam, so a seam never keeps a JVM
 * alive and a thread dump says which downstream a stuck thread belongs to.
 */
final class SeamThreads {
  private static final long IDLE_SECONDS = 10;

  private SeamThreads() {}

  /** Workers: {@code seam-<name>-<n>}, at most {@code max} at once (admission bounds them too). */
  static ExecutorService workers(String name, ThreadMode mode, int max) {
    if (mode == ThreadMode.VIRTUAL) {
      return VirtualThreads.executor("seam-" + name + "-");
    }
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            max,
            max,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            platform("seam-" + name + "-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Cancel hooks: {@code seam-<name>-cancel-<n>}. Two threads, so one slow hook (a PostgreSQL
   * cancel opens a connection) does not hold up the others. The queue is bounded in practice by the
   * number of calls, since each call hands over its hooks at most once.
   */
  static ExecutorService cancellers(String name) {
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

  /** The deadline timer: {@code seam-<name>-timer}. */
  static ScheduledThreadPoolExecutor timer(String name) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "seam-" + name + "-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  private static ThreadFactory platform(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Virtual threads through method handles, so that this code compiles for Java 17. */
  private static final class VirtualThreads {
    static ExecutorService executor(String prefix) {
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
        ThreadFactory factory =
            (ThreadFactory)
                lookup
                    .findVirtual(
                        builderClass, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(builder);
        return (ExecutorService)
            lookup
                .findStatic(
                    java.util.concurrent.Executors.class,
                    "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class))
                .invoke(factory);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new UnsupportedOperationException(
            "virtual threads are not available on Java " + Runtime.version(), e);
      }
    }
  }
}
