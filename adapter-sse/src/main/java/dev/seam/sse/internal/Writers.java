package dev.seam.sse.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write streams to clients, {@code seam-sse-<name>-writer-<n>}. A stream uses one
 * only while it has something to write, so the pool grows with the number of streams being written
 * at once (bounded by the endpoint's open-stream cap) and shrinks when they are idle.
 */
final class Writers {
  private static final long IDLE_SECONDS = 10;

  private Writers() {}

  static ThreadPoolExecutor create(String name) {
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        IDLE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        named("seam-sse-" + name + "-writer-", true));
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
