package dev.seam;

import dev.seam.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings that override the seam's defaults. Immutable and thread-safe; build one with
 * {@link #timeout(Duration)} or {@link #defaults()} and the {@code with...} methods.
 *
 * @since 0.1
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(null, null, null, null, false);

  private final Duration timeout;
  private final Boolean interruptOnCancel;
  private final String description;
  private final Duration slowCallWarning;
  private final boolean longLived;

  private CallOptions(
      Duration timeout,
      Boolean interruptOnCancel,
      String description,
      Duration slowCallWarning,
      boolean longLived) {
    this.timeout = timeout;
    this.interruptOnCancel = interruptOnCancel;
    this.description = description;
    this.slowCallWarning = slowCallWarning;
    this.longLived = longLived;
  }

  /**
   * Options that take every value from the seam.
   *
   * @return the default options
   */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Options with a per-call deadline, counted from submission.
   *
   * @param timeout positive time from submission to the deadline; longer than about 292 years
   *     ({@code Long.MAX_VALUE} nanoseconds, for example {@code ChronoUnit.FOREVER.getDuration()})
   *     is capped there and means "no deadline in practice"
   * @return options with that timeout
   * @throws IllegalArgumentException if the timeout is zero or negative
   */
  public static CallOptions timeout(Duration timeout) {
    return DEFAULTS.withTimeout(timeout);
  }

  /**
   * Returns a copy with this per-call deadline.
   *
   * @param timeout positive time from submission to the deadline; capped at about 292 years, as in
   *     {@link #timeout(Duration)}
   * @return a copy with the timeout
   * @throws IllegalArgumentException if the timeout is zero or negative
   */
  public CallOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new CallOptions(
        Durations.cap(timeout), interruptOnCancel, description, slowCallWarning, longLived);
  }

  /**
   * Returns a copy that says whether the worker is interrupted after this call's cancel hooks ran.
   * JDBC calls turn this off: an interrupt can close an H2 file store or a pgjdbc connection.
   *
   * @param interrupt whether to interrupt the worker on timeout or cancel
   * @return a copy with the choice
   */
  public CallOptions withInterruptOnCancel(boolean interrupt) {
    return new CallOptions(timeout, interrupt, description, slowCallWarning, longLived);
  }

  /**
   * Returns a copy that describes the call in its exceptions' messages, for example the SQL text of
   * a query (adapter-jdbc does this), so that a timeout says what timed out. Never put secrets or
   * parameter values here. Messages show at most the first 200 characters.
   *
   * @param description what the call does, or null for nothing
   * @return a copy with the description
   */
  public CallOptions withDescription(String description) {
    return new CallOptions(timeout, interruptOnCancel, description, slowCallWarning, longLived);
  }

  /**
   * Returns a copy with this call's own slow-call threshold instead of the seam's {@link
   * SeamBuilder#slowCallWarning}: how long after submission a still-running call is logged at WARN
   * with its worker's stack. {@link Duration#ZERO} turns the warning off for this call, for work
   * that is meant to run long (a Server-Sent-Events stream holds its worker for minutes).
   *
   * @param threshold zero or more
   * @return a copy with the threshold
   * @throws IllegalArgumentException if the threshold is negative
   */
  public CallOptions withSlowCallWarning(Duration threshold) {
    Objects.requireNonNull(threshold, "slowCallWarning");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("slowCallWarning < 0: " + threshold);
    }
    return new CallOptions(
        timeout, interruptOnCancel, description, Durations.cap(threshold), longLived);
  }

  /**
   * Returns a copy that marks the call as long-lived work whose normal end comes from outside: a
   * Server-Sent-Events stream (adapter-sse marks its producers so), a job that runs until its
   * deadline, its caller's cancel or shutdown. Such a call that ends by its deadline, a cancel or
   * {@link Seam#close()} counts as {@link SeamStats#ended()}, not as timed out or cancelled, and is
   * left out of the seam's timeout rate in {@link Seam#health()}; one whose body throws still
   * counts as failed, and one that returns as succeeded. Its future completes as any call's does (a
   * {@link SeamTimeoutException} at the deadline, a cancellation), and listeners hear the same
   * events. It is never logged as a slow call, whatever {@link #withSlowCallWarning} says; a body
   * that runs on after its cancel is still reported as abandoned.
   *
   * @param longLived whether the call is long-lived
   * @return a copy with the choice
   * @since 0.1
   */
  public CallOptions withLongLived(boolean longLived) {
    return new CallOptions(timeout, interruptOnCancel, description, slowCallWarning, longLived);
  }

  /**
   * Whether the call is long-lived (see {@link #withLongLived}).
   *
   * @return true if marked long-lived
   * @since 0.1
   */
  public boolean isLongLived() {
    return longLived;
  }

  /**
   * The per-call timeout, or null to use the seam's.
   *
   * @return the timeout or null
   */
  public Duration timeoutOrNull() {
    return timeout;
  }

  /**
   * The per-call interrupt choice, or null to use the seam's.
   *
   * @return the choice or null
   */
  public Boolean interruptOnCancelOrNull() {
    return interruptOnCancel;
  }

  /**
   * The call's description, or null.
   *
   * @return the description or null
   */
  public String descriptionOrNull() {
    return description;
  }

  /**
   * The per-call slow-call threshold, or null to use the seam's.
   *
   * @return the threshold or null
   */
  public Duration slowCallWarningOrNull() {
    return slowCallWarning;
  }

  @Override
  public String toString() {
    return "CallOptions{timeout="
        + timeout
        + ", interruptOnCancel="
        + interruptOnCancel
        + ", description="
        + description
        + ", slowCallWarning="
        + slowCallWarning
        + ", longLived="
        + longLived
        + "}";
  }
}
