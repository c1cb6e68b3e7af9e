package dev.seam.sse.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write streams to clients, {@code seam-sse-<name>-writer-<n>}: a fixed number,
 * however many streams are open. A stream holds one only while it has something it can write now
 * (on a non-blocking transport) or while one blocking write is under way (guarded by the write
 * deadline). The queue is unbounded in type but holds at most one task per open stream, so the
 * open-stream cap bounds it. Idle threads exit after a while and come back on demand.
 */
final class Writers {
  private static final long IDLE_SECONDS = 10;

  private Writers() {}

  static ThreadPoolExecutor create(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("seam-sse-" + name + "-writer-", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  static ThreadFactory named(String prefix, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }
}
