package dev.seam.jdbc.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one small scheduler every {@code AsyncJdbc} shares for what follows a cancel: the re-sent
 * {@code Statement.cancel()}, the delayed abort and {@code Connection.abort}'s own work. Before,
 * each of these started a platform thread of its own, about nine per cancelled statement that was
 * still executing; a burst of timeouts became a burst of threads.
 *
 * <p>Bounded at {@value #THREADS} daemon threads named {@code seam-jdbc-cancel-N} (so {@code
 * SeamLeakCheck} sees one that is stuck), which exit after {@value #IDLE_SECONDS} s without work. A
 * lease cancels its pending tasks when it gives its connection back, so an idle application keeps
 * no thread. Tasks run on these threads; a driver's {@code cancel()} that blocks holds one of them,
 * which is why a lease sends the next cancel only after the previous one returned.
 */
final class CancelScheduler {
  static final int THREADS = 2;
  static final long IDLE_SECONDS = 1;
  static final String THREAD_PREFIX = "seam-jdbc-cancel-";

  private static final ScheduledExecutorService SHARED = create();

  private CancelScheduler() {}

  static ScheduledExecutorService shared() {
    return SHARED;
  }

  private static ScheduledExecutorService create() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread t = new Thread(task, THREAD_PREFIX + n.incrementAndGet());
          t.setDaemon(true); // never keeps a JVM alive
          return t;
        };
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, threads);
    executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    executor.setRemoveOnCancelPolicy(true); // a returned lease's abort leaves the queue at once
    return executor;
  }
}
