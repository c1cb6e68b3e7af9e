package dev.seam;

import dev.seam.internal.CallText;
import dev.seam.internal.Durations;
import java.time.Duration;

/**
 * A call's deadline passed before it finished. The deadline counts from submission, so queue wait
 * is included; {@link #started()} says whether the call ever reached a worker.
 *
 * <p>When this completes a future, the call's cancel hooks have been scheduled and, if the seam is
 * set to, its worker will be interrupted; the worker's permit stays held until it returns.
 *
 * @since 0.1
 */
public final class SeamTimeoutException extends SeamException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;
  private final Duration queued;
  private final Duration ran;
  private final boolean started;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it had been running, zero if it never started
   * @param started whether it reached a worker
   */
  public SeamTimeoutException(
      String seamName, Duration timeout, Duration queued, Duration ran, boolean started) {
    this(seamName, null, timeout, queued, ran, started);
  }

  /**
   * Creates the exception for a described call (see {@link CallOptions#withDescription}).
   *
   * @param seamName the seam's name
   * @param description what the call does, or null
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it had been running, zero if it never started
   * @param started whether it reached a worker
   */
  public SeamTimeoutException(
      String seamName,
      String description,
      Duration timeout,
      Duration queued,
      Duration ran,
      boolean started) {
    this(seamName, description, timeout, queued, ran, started, null);
  }

  /**
   * Creates the exception with what else was true at the deadline.
   *
   * @param seamName the seam's name
   * @param description what the call does, or null
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it had been running, zero if it never started
   * @param started whether it reached a worker
   * @param circumstances appended to the message: what the call was waiting for, the seam's load,
   *     what the cancel does; or null
   * @since 0.1
   */
  public SeamTimeoutException(
      String seamName,
      String description,
      Duration timeout,
      Duration queued,
      Duration ran,
      boolean started,
      String circumstances) {
    super(
        seamName,
        message(seamName, description, timeout, queued, ran, started, circumstances),
        null);
    this.timeout = timeout;
    this.queued = queued;
    this.ran = ran;
    this.started = started;
  }

  private static String message(
      String seamName,
      String description,
      Duration timeout,
      Duration queued,
      Duration ran,
      boolean started,
      String circumstances) {
    String where =
        started
            ? Durations.format(queued) + " queued, " + Durations.format(ran) + " running"
            : Durations.format(queued) + " queued, never started";
    return "seam '"
        + seamName
        + "' "
        + CallText.call(description)
        + " timed out after "
        + Durations.format(timeout)
        + " ("
        + where
        + (circumstances == null ? "" : "; " + circumstances)
        + ")";
  }

  /**
   * The timeout that passed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * How long the call waited in the queue.
   *
   * @return the queue wait
   */
  public Duration queued() {
    return queued;
  }

  /**
   * How long the call had been running when the deadline passed; zero if it never started.
   *
   * @return the run time
   */
  public Duration ran() {
    return ran;
  }

  /**
   * Whether the call reached a worker before its deadline.
   *
   * @return true if it started
   */
  public boolean started() {
    return started;
  }
}
