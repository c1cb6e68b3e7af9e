package dev.seam.internal;

import dev.seam.SeamClock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The default clock: {@link System#nanoTime()} and one timer thread that the seam owns. */
final class TimerClock implements SeamClock {
  private final ScheduledThreadPoolExecutor timer;

  TimerClock(ScheduledThreadPoolExecutor timer) {
    this.timer = timer;
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

  ScheduledThreadPoolExecutor executor() {
    return timer;
  }
}
