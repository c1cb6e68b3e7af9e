package dev.seam;

import dev.seam.internal.CallText;

/**
 * A call was refused because the seam had {@code maxConcurrency} calls running and {@code
 * maxQueued} waiting. Delivered through the returned future, never thrown by {@code call}.
 *
 * @since 0.1
 */
public final class SeamRejectedException extends SeamException {
  private static final long serialVersionUID = 1L;

  private final int running;
  private final int maxConcurrency;
  private final int queued;
  private final int maxQueued;

  /**
   * Creates the exception.
   *
   * @param seamName the seam's name
   * @param running calls holding a permit, including abandoned ones still running
   * @param maxConcurrency the seam's limit on running calls
   * @param queued calls waiting
   * @param maxQueued the seam's limit on waiting calls
   */
  public SeamRejectedException(
      String seamName, int running, int maxConcurrency, int queued, int maxQueued) {
    this(seamName, null, running, maxConcurrency, queued, maxQueued, -1);
  }

  /**
   * Creates the exception for a described call, with the seam's abandoned calls.
   *
   * @param seamName the seam's name
   * @param description what the refused call does, or null
   * @param running calls holding a permit, including abandoned ones still running
   * @param maxConcurrency the seam's limit on running calls
   * @param queued calls waiting
   * @param maxQueued the seam's limit on waiting calls
   * @param abandoned how many of the running calls were abandoned (their futures completed, their
   *     workers not back yet); negative if unknown
   * @since 0.1
   */
  public SeamRejectedException(
      String seamName,
      String description,
      int running,
      int maxConcurrency,
      int queued,
      int maxQueued,
      int abandoned) {
    this(seamName, description, running, maxConcurrency, queued, maxQueued, abandoned, null);
  }

  /**
   * Creates the exception with what else was true when the call was refused.
   *
   * @param seamName the seam's name
   * @param description what the refused call does, or null
   * @param running calls holding a permit, including abandoned ones still running
   * @param maxConcurrency the seam's limit on running calls
   * @param queued calls waiting
   * @param maxQueued the seam's limit on waiting calls
   * @param abandoned how many of the running calls were abandoned (their futures completed, their
   *     workers not back yet); negative if unknown
   * @param circumstances appended to the message: the timings that explain the refusal (the oldest
   *     queued call's age, the last queue wait, how long the permit holders have run, the oldest
   *     abandoned call) and what to do; or null
   * @since 0.1
   */
  public SeamRejectedException(
      String seamName,
      String description,
      int running,
      int maxConcurrency,
      int queued,
      int maxQueued,
      int abandoned,
      String circumstances) {
    super(
        seamName,
        "seam '"
            + seamName
            + "' rejected "
            + (description == null ? "a call" : CallText.call(description))
            + ": "
            + running
            + "/"
            + maxConcurrency
            + " running, "
            + queued
            + "/"
            + maxQueued
            + " queued"
            + (abandoned > 0 ? ", " + abandoned + " abandoned (still in their workers)" : "")
            + (circumstances == null ? "" : "; " + circumstances),
        null);
    this.running = running;
    this.maxConcurrency = maxConcurrency;
    this.queued = queued;
    this.maxQueued = maxQueued;
  }

  /**
   * Calls running when this one was refused.
   *
   * @return the running count
   */
  public int running() {
    return running;
  }

  /**
   * The seam's concurrency limit.
   *
   * @return the limit
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /**
   * Calls queued when this one was refused.
   *
   * @return the queue depth
   */
  public int queued() {
    return queued;
  }

  /**
   * The seam's queue limit.
   *
   * @return the limit
   */
  public int maxQueued() {
    return maxQueued;
  }
}
