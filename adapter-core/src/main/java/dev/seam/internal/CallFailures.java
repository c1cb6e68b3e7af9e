package dev.seam.internal;

import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamContextException;
import dev.seam.SeamException;
import dev.seam.SeamTimeoutException;
import java.time.Duration;

/** How a call's failures read: each names the seam, the call, the timings and the deadline. */
final class CallFailures {
  private CallFailures() {}

  static SeamCallException threw(
      String seam,
      String description,
      long timeoutNanos,
      long queued,
      long ran,
      long resourceWait,
      String waitedFor,
      Throwable error) {
    return new SeamCallException(
        seam,
        description,
        Duration.ofNanos(timeoutNanos),
        Duration.ofNanos(queued),
        Duration.ofNanos(ran),
        error,
        resourceWait > 0 ? waitedText(resourceWait, waitedFor) : null);
  }

  static String waitedText(long nanos, String what) {
    return Durations.formatNanos(nanos)
        + " of it waiting for "
        + (what != null ? what : "a resource");
  }

  static SeamContextException context(String seam, ContextSnapshot.ContextFailure f) {
    return new SeamContextException(seam, f.propagator(), f.step(), f.getCause());
  }

  /** A deadline that passed, or a close that cut the call off, queued or running. */
  static SeamException aborted(
      CallTask.Abort why,
      String seam,
      String description,
      long timeoutNanos,
      long queued,
      long ran,
      boolean started,
      String waits,
      String circumstances) {
    waits = waits == null ? "" : waits + "; ";
    if (why == CallTask.Abort.TIMEOUT) {
      return new SeamTimeoutException(
          seam,
          description,
          Duration.ofNanos(timeoutNanos),
          Duration.ofNanos(queued),
          Duration.ofNanos(ran),
          started,
          waits + circumstances);
    }
    return new SeamClosedException(
        seam,
        "seam '"
            + seam
            + "' closed before the "
            + CallText.call(description)
            + " finished ("
            + Durations.formatNanos(queued)
            + " queued, "
            + (started ? Durations.formatNanos(ran) + " running" : "never started")
            + "; "
            + waits
            + circumstances
            + ")");
  }
}
