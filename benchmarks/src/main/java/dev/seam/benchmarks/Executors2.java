package dev.seam.benchmarks;

import dev.seam.Seam;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pools every variant runs on, sized alike so that only the library differs: two worker threads
 * (one per core of the build machine), a queue of {@link #QUEUE}, a one-thread timer where a
 * library takes one, all started before measuring.
 */
final class Executors2 {
  static final int WORKERS = 2;
  static final int QUEUE = 1000;

  private Executors2() {}

  /** Two prestarted workers and a bounded queue. */
  static ThreadPoolExecutor workers() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            WORKERS, WORKERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(QUEUE));
    pool.prestartAllCoreThreads();
    return pool;
  }

  /** A one-thread timer that forgets cancelled tasks, as the JDK's own delayer does. */
  static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    timer.setRemoveOnCancelPolicy(true);
    timer.prestartAllCoreThreads();
    return timer;
  }

  /** Starts a seam's workers (and timer) by keeping both busy at once. */
  static void prestart(Seam seam) {
    CompletableFuture<?>[] calls = new CompletableFuture<?>[WORKERS * 4];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = seam.call(() -> sleep(5));
    }
    CompletableFuture.allOf(calls).join();
  }

  static Integer sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return 0;
  }
}
