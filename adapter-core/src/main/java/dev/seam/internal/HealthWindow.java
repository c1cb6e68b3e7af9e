package dev.seam.internal;

import dev.seam.SeamClock;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import java.util.concurrent.TimeUnit;

/**
 * Judges a seam's health from its stats and their change over a recent window, however often it is
 * probed. Rejections are told here when they happen (a cold path) and counted in two buckets of one
 * window each, so "rejected recently" always means the last 10 to 20 seconds. The timeout rate
 * compares the counts since a mark taken by {@code health()} between 10 and 20 seconds ago (so a
 * seam nobody probes costs nothing on its calls); marks older than two windows say nothing about
 * the recent past and are dropped, so the first probe after a quiet spell starts a fresh window
 * rather than judging by calls of an hour ago. Thread-safe (under this object's monitor).
 */
final class HealthWindow {
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Above this share of timed-out calls in the window, with enough calls, the seam is degraded. */
  static final double TIMEOUT_RATE_DEGRADED = 0.1;

  static final int MIN_CALLS = 10;

  private final SeamClock clock;
  private final long origin;
  private Mark older; // guarded by this
  private Mark newer; // guarded by this
  private long rejectionEpoch; // guarded by this: windows since origin of rejectedNow
  private long rejectedNow; // guarded by this
  private long rejectedBefore; // guarded by this: in the window before rejectionEpoch

  private record Mark(long atNanos, long finished, long timedOut) {
    static Mark of(long at, SeamStats s) {
      long finished = s.succeeded() + s.failed() + s.timedOut() + s.cancelled();
      return new Mark(at, finished, s.timedOut());
    }
  }

  HealthWindow(SeamClock clock) {
    this.clock = clock;
    this.origin = clock.nanoTime();
    Mark start = new Mark(origin, 0, 0);
    this.older = start;
    this.newer = start;
  }

  /** A call was refused at {@code now}. */
  synchronized void rejected(long now) {
    roll(now);
    rejectedNow++;
  }

  private void roll(long now) {
    long epoch = Math.floorDiv(now - origin, WINDOW_NANOS);
    if (epoch != rejectionEpoch) {
      rejectedBefore = epoch == rejectionEpoch + 1 ? rejectedNow : 0;
      rejectedNow = 0;
      rejectionEpoch = epoch;
    }
  }

  SeamHealth assess(SeamStats s, boolean closed) {
    long now = clock.nanoTime();
    Mark base;
    long rejected;
    long rejectedSince;
    synchronized (this) {
      if (now - newer.atNanos >= 2 * WINDOW_NANOS) { // no probe for a while: start afresh
        older = Mark.of(now, s);
        newer = older;
      } else if (now - newer.atNanos >= WINDOW_NANOS) {
        older = newer;
        newer = Mark.of(now, s);
      }
      base = older;
      roll(now);
      rejected = rejectedNow + rejectedBefore;
      rejectedSince = Math.max(origin, origin + (rejectionEpoch - 1) * WINDOW_NANOS);
    }
    long finished = s.succeeded() + s.failed() + s.timedOut() + s.cancelled() - base.finished;
    long timedOut = s.timedOut() - base.timedOut;
    double rate = finished > 0 ? (double) timedOut / finished : 0;
    String window = Durations.formatNanos(now - base.atNanos);
    String rejectedWindow = Durations.formatNanos(now - rejectedSince);
    if (closed) {
      return new SeamHealth(SeamHealth.Status.CLOSED, "closed", s, rate, rejected);
    }
    if (s.running() >= s.maxConcurrency() && s.queued() >= s.maxQueued()) {
      return new SeamHealth(
          SeamHealth.Status.SATURATED,
          "full now: " + load(s) + "; " + rejected + " rejected in the last " + rejectedWindow,
          s,
          rate,
          rejected);
    }
    if (rejected > 0) {
      return new SeamHealth(
          SeamHealth.Status.SATURATED,
          rejected + " call(s) rejected in the last " + rejectedWindow + "; " + load(s),
          s,
          rate,
          rejected);
    }
    if (s.abandoned() > 0) {
      return new SeamHealth(
          SeamHealth.Status.DEGRADED,
          s.abandoned()
              // True for every client: one that stops at a cancel returns within moments (and
              // is healthy again at the next probe); the abandoned-call WARN names one that does
              // not.
              + " abandoned call(s) still hold permits: stopped by a deadline, cancel or close,"
              + " not yet back from their downstream; "
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
