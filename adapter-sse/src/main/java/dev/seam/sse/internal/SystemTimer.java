package dev.seam.sse.internal;

import dev.seam.SeamClock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The endpoint's own clock: {@link System#nanoTime()} and one daemon timer thread. */
final class SystemTimer implements SeamClock {
  private final ScheduledThreadPoolExecutor timer;

  SystemTimer(String name) {
    timer = new ScheduledThreadPoolExecutor(1, Writers.named("seam-sse-" + name + "-timer", false));
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    ScheduledFuture<?> f = timer.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  void shutdown() {
    timer.shutdownNow();
  }

  boolean awaitTermination(long millis) throws InterruptedException {
    return timer.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }
}
