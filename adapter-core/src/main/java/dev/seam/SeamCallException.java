package dev.seam;

import dev.seam.internal.CallText;
import dev.seam.internal.Durations;
import java.time.Duration;

/**
 * A call threw. The original exception ({@code SQLException}, {@code IOException}, ...) is the
 * {@linkplain #getCause() cause}, unwrapped; the message names the seam and the timings.
 *
 * @since 0.1
 */
public final class SeamCallException extends SeamException {
  private static final long serialVersionUID = 1L;

  private final Duration queued;
  private final Duration ran;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it ran before it threw
   * @param cause what the call threw
   */
  public SeamCallException(
      String seamName, Duration timeout, Duration queued, Duration ran, Throwable cause) {
    this(seamName, null, timeout, queued, ran, cause);
  }

  /**
   * Creates the exception for a described call (see {@link CallOptions#withDescription}).
   *
   * @param seamName the seam's name
   * @param description what the call does, or null
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it ran before it threw
   * @param cause what the call threw
   */
  public SeamCallException(
      String seamName,
      String description,
      Duration timeout,
      Duration queued,
      Duration ran,
      Throwable cause) {
    this(seamName, description, timeout, queued, ran, cause, null);
  }

  /**
   * Creates the exception with more of what happened.
   *
   * @param seamName the seam's name
   * @param description what the call does, or null
   * @param timeout the call's timeout
   * @param queued how long the call waited in the queue
   * @param ran how long it ran before it threw
   * @param cause what the call threw
   * @param circumstances appended to the timings in the message (such as time spent waiting for a
   *     pool connection), or null
   * @since 0.1
   */
  public SeamCallException(
      String seamName,
      String description,
      Duration timeout,
      Duration queued,
      Duration ran,
      Throwable cause,
      String circumstances) {
    super(
        seamName,
        "seam '"
            + seamName
            + "' "
            + CallText.call(description)
            + " failed after "
            + Durations.format(ran)
            + " running ("
            + Durations.format(queued)
            + " queued, timeout "
            + Durations.format(timeout)
            + (circumstances == null ? "" : "; " + circumstances)
            + "): "
            + cause,
        cause);
    this.queued = queued;
    this.ran = ran;
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
   * How long the call ran before it threw.
   *
   * @return the run time
   */
  public Duration ran() {
    return ran;
  }
}
