package dev.seam;

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
    super(
        seamName,
        "seam '"
            + seamName
            + "' rejected a call: "
            + running
            + "/"
            + maxConcurrency
            + " running, "
            + queued
            + "/"
            + maxQueued
            + " queued",
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
