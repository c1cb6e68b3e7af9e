package dev.seam.sse.internal;

import dev.seam.internal.SeamThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write streams to clients, {@code seam-sse-<name>-writer-<n>}: a fixed number,
 * however many streams are open. A stream holds one only while it has something it can write now
 * (on a non-blocking transport) or while one blocking write is under way (guarded by the write
 * deadline). The queue is unbounded in type but holds at most one task per open stream, so the
 * open-stream cap bounds it. Idle threads exit after a while and come back on demand.
 *
 * <p>Every thread comes from core's {@link SeamThreadFactory}, as a seam's own do: daemon, named,
 * idle for the same time, and tracked while it lives, so a leak check sees it.
 */
final class Writers {
  private Writers() {}

  static ThreadPoolExecutor create(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            SeamThreadFactory.IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("seam-sse-" + name + "-writer-", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  static ThreadFactory named(String prefix, boolean numbered) {
    return SeamThreadFactory.SYSTEM.named(prefix, numbered);
  }
}
