package dev.seam.internal;

import dev.seam.SeamClock;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import java.util.concurrent.TimeUnit;

/**
 * Judges a seam's health from its stats and their change over a recent window: the counts since a
 * mark taken between 10 and 20 seconds ago. Marks are taken by {@code health()} itself, so a seam
 * nobody probes costs nothing. Thread-safe (the marks are swapped under this object's monitor).
 */
final class HealthWindow {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Above this share of timed-out calls in the window, with enough calls, the seam is degraded. */
  static final double TIMEOUT_RATE_DEGRADED = 0.1;

  static final int MIN_CALLS = 10;

  private final SeamClock clock;
  private Mark older; // guarded by this
  private Mark newer; // guarded by this

  private record Mark(long atNanos, long finished, long timedOut, long rejected) {
    static Mark of(long at, SeamStats s) {
      long finished = s.succeeded() + s.failed() + s.timedOut() + s.cancelled();
      return new Mark(at, finished, s.timedOut(), s.rejected());
    }
  }

  HealthWindow(SeamClock clock) {
    this.clock = clock;
    Mark start = new Mark(clock.nanoTime(), 0, 0, 0);
    this.older = start;
    this.newer = start;
  }

  SeamHealth assess(SeamStats s, boolean closed) {
    long now = clock.nanoTime();
    Mark base;
    synchronized (this) {
      if (now - newer.atNanos >= WINDOW_NANOS) {
        older = newer;
        newer = Mark.of(now, s);
      }
      base = older;
    }
    long finished = s.succeeded() + s.failed() + s.timedOut() + s.cancelled() - base.finished;
    long timedOut = s.timedOut() - base.timedOut;
    long rejected = s.rejected() - base.rejected;
    double rate = finished > 0 ? (double) timedOut / finished : 0;
    String window = Durations.formatNanos(now - base.atNanos);
    if (closed) {
      return new SeamHealth(SeamHealth.Status.CLOSED, "closed", s, rate, rejected);
    }
    if (s.running() >= s.maxConcurrency() && s.queued() >= s.maxQueued()) {
      return new SeamHealth(
          SeamHealth.Status.SATURATED,
          "full now: " + load(s) + "; " + rejected + " rejected in the last " + window,
          s,
          rate,
          rejected);
    }
    if (rejected > 0) {
      return new SeamHealth(
          SeamHealth.Status.SATURATED,
          rejected + " call(s) rejected in the last " + window + "; " + load(s),
          s,
          rate,
          rejected);
    }
    if (s.abandoned() > 0) {
      return new SeamHealth(
          SeamHealth.Status.DEGRADED,
          s.abandoned()
              + " abandoned call(s) still hold permits (their downstream ignores cancellation); "
              + load(s),
          s,
          rate,
          rejected);
    }
    if (finished >= MIN_CALLS && rate > TIMEOUT_RATE_DEGRADED) {
      return new SeamHealth(
          SeamHealth.Status.DEGRADED,
          String.format(
              java.util.Locale.ROOT,
              "%d of %d calls (%.0f%%) timed out in the last %s; %s",
              timedOut,
              finished,
              rate * 100,
              window,
              load(s)),
          s,
          rate,
          rejected);
    }
    return new SeamHealth(SeamHealth.Status.HEALTHY, "ok; " + load(s), s, rate, rejected);
  }

  private static String load(SeamStats s) {
    return s.running()
        + "/"
        + s.maxConcurrency()
        + " running, "
        + s.queued()
        + "/"
        + s.maxQueued()
        + " queued, "
        + s.abandoned()
        + " abandoned";
  }
}
