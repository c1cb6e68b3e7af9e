package dev.seam.interop;

import dev.seam.SeamClock;
import dev.seam.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A manual clock that also tells the test each delay scheduled on it: here, retry delays. */
final class RecordingClock implements SeamClock {
  final ManualClock clock;
  private final BlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();

  RecordingClock(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public Scheduled schedule(Runnable action, long delayNanos) {
    Scheduled s = clock.schedule(action, delayNanos);
    scheduled.add(Duration.ofNanos(delayNanos));
    return s;
  }

  /** Waits (on a worker's progress, not on time) for the next delay to be scheduled. */
  Duration nextDelay() throws InterruptedException {
    Duration d = scheduled.poll(5, TimeUnit.SECONDS);
    if (d == null) {
      throw new AssertionError("no retry was scheduled");
    }
    return d;
  }

  boolean nothingScheduled() {
    return scheduled.isEmpty();
  }
}
