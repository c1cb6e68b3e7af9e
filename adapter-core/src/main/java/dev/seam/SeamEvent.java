package dev.seam;

import java.time.Duration;

/**
 * One step of one call, as told to a {@link SeamListener}. Immutable.
 *
 * @param seamName the seam's name
 * @param kind which step
 * @param description what the call does ({@link CallOptions#withDescription}), or null
 * @param queueWaitNanos time from submission until a worker started it, or until now if it never
 *     started
 * @param runNanos time the worker has spent in the call so far (all of it, for {@code
 *     abandonedReturned}); zero if it never started
 * @param resourceWaitNanos time the worker has spent so far waiting for resources inside the call,
 *     such as a pool connection ({@link CallContext#waitingFor}); part of {@code runNanos}
 * @param timeoutNanos the call's timeout ({@link Long#MAX_VALUE} for none)
 * @param failure what the call's future failed with, for {@code failed}, {@code timedOut}, {@code
 *     cancelled} and {@code rejected}; otherwise null
 * @since 0.1
 */
public record SeamEvent(
    String seamName,
    Kind kind,
    String description,
    long queueWaitNanos,
    long runNanos,
    long resourceWaitNanos,
    long timeoutNanos,
    Throwable failure) {

  /** Which step of a call an event reports; one per {@link SeamListener} method. */
  public enum Kind {
    /** See {@link SeamListener#queued}. */
    QUEUED,
    /** See {@link SeamListener#started}. */
    STARTED,
    /** See {@link SeamListener#succeeded}. */
    SUCCEEDED,
    /** See {@link SeamListener#failed}. */
    FAILED,
    /** See {@link SeamListener#timedOut}. */
    TIMED_OUT,
    /** See {@link SeamListener#cancelled}. */
    CANCELLED,
    /** See {@link SeamListener#rejected}. */
    REJECTED,
    /** See {@link SeamListener#abandoned}. */
    ABANDONED,
    /** See {@link SeamListener#abandonedReturned}. */
    ABANDONED_RETURNED
  }

  /**
   * The queue wait as a duration.
   *
   * @return time from submission to start (or to now, if it never started)
   */
  public Duration queueWait() {
    return Duration.ofNanos(queueWaitNanos);
  }

  /**
   * The run time as a duration.
   *
   * @return time the worker has spent in the call
   */
  public Duration runTime() {
    return Duration.ofNanos(runNanos);
  }

  /**
   * The resource wait as a duration.
   *
   * @return time spent waiting for resources inside the call
   */
  public Duration resourceWait() {
    return Duration.ofNanos(resourceWaitNanos);
  }

  /**
   * Whether this step ends the call for its caller (its future is complete).
   *
   * @return true for succeeded, failed, timed out, cancelled and rejected
   */
  public boolean isOutcome() {
    return switch (kind) {
      case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED -> true;
      default -> false;
    };
  }
}
