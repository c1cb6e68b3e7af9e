package dev.seam.internal;

import dev.seam.SeamClosedException;
import dev.seam.SeamException;
import dev.seam.SeamRejectedException;

/**
 * The exception for a call the lane refused: closed, or full. A full seam's rejection says the
 * timings that explain it (how long the oldest queued call has waited, how long the last call to
 * start had queued, how long the longest permit holder has been in its call), names the oldest
 * abandoned call holding a permit, and ends with what to do. Built on the submitting thread after
 * the lane's lock is released; only refused calls pay for it.
 */
final class Rejection {
  private Rejection() {}

  static SeamException of(CallRuntime rt, String description, Lane.Refusal r, long now) {
    if (r.closed()) {
      return new SeamClosedException(
          rt.name, "seam '" + rt.name + "' is closed; " + CallText.call(description) + " refused");
    }
    StringBuilder b = new StringBuilder(200);
    String sep = "";
    if (r.oldestQueuedSince() != Lane.NONE) {
      b.append("oldest queued call waiting ").append(since(now, r.oldestQueuedSince()));
      sep = ", ";
    }
    long lastWait = rt.observer.lastQueueWaitNanos();
    if (lastWait >= 0) {
      b.append(sep)
          .append("the last call to start had queued ")
          .append(Durations.formatNanos(lastWait));
      sep = ", ";
    }
    if (r.longestRunningSince() != Lane.NONE) {
      b.append(sep)
          .append("longest permit holder ")
          .append(since(now, r.longestRunningSince()))
          .append(" in its call");
    }
    if (r.abandoned() > 0) {
      b.append(rt.lane.oldestAbandonedText(now));
    }
    if (b.length() > 0) {
      b.append(". ");
    }
    b.append("What to do: ").append(advice(r)).append('.');
    return new SeamRejectedException(
        rt.name,
        description,
        r.running(),
        rt.lane.maxConcurrency(),
        r.queued(),
        rt.lane.maxQueued(),
        r.abandoned(),
        b.toString());
  }

  private static String since(long now, long then) {
    return Durations.formatNanos(Math.max(0, now - then));
  }

  private static String advice(Lane.Refusal r) {
    if (r.abandoned() > 0 && r.abandoned() >= r.running()) {
      return "every permit is held by an abandoned call whose downstream ignores cancellation;"
          + " give such calls a cancel hook that reaches the resource, or a driver or socket"
          + " timeout shorter than the deadline";
    }
    return "the downstream is slower than the load; raise maxConcurrency if it can take more,"
        + " maxQueued to absorb short bursts, or shed load upstream";
  }
}
