package dev.seam.interop.internal;

import dev.seam.SeamClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default clock for retry delays: {@link System#nanoTime()}, with delayed actions run by the
 * JDK's shared delay scheduler on the common pool. No seam thread ever waits out a delay, and there
 * is no thread of ours to shut down.
 */
public final class SystemScheduler implements SeamClock {
  /** The shared instance; it holds no state. */
  public static final SystemScheduler INSTANCE = new SystemScheduler();

  private SystemScheduler() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletableFuture.delayedExecutor(Math.max(0, delayNanos), TimeUnit.NANOSECONDS)
        .execute(
            () -> {
              if (!cancelled.get()) {
                action.run();
              }
            });
    return () -> cancelled.set(true);
  }
}
