package dev.seam;

/**
 * Whether a seam can take work, with the numbers behind the verdict; fit for a readiness probe
 * ({@link #isReady()}). Immutable; from {@link Seam#health()}.
 *
 * <ul>
 *   <li>{@link Status#HEALTHY}: calls get through.
 *   <li>{@link Status#DEGRADED}: calls still get through, but abandoned calls are holding permits
 *       (a downstream that ignores cancellation is eating capacity), or too many recent calls timed
 *       out.
 *   <li>{@link Status#SATURATED}: the seam is rejecting calls now (all permits taken and the queue
 *       full) or has rejected some in the recent window.
 *   <li>{@link Status#CLOSED}: {@link Seam#close()} was called; every call is refused.
 * </ul>
 *
 * @param status the verdict
 * @param reason one line saying why, with the numbers; "ok" when healthy
 * @param stats the snapshot the verdict was made from
 * @param timeoutRate the share of calls finished in the recent window that timed out, 0 to 1
 * @param rejectedRecently calls rejected in the recent window
 * @since 0.1
 */
public record SeamHealth(
    Status status, String reason, SeamStats stats, double timeoutRate, long rejectedRecently) {

  /** A seam's health verdict, from best to worst. */
  public enum Status {
    /** Calls get through. */
    HEALTHY,
    /** Calls get through, but capacity is lost to abandoned calls or many calls time out. */
    DEGRADED,
    /** Calls are being rejected. */
    SATURATED,
    /** The seam is closed. */
    CLOSED
  }

  /**
   * Whether the seam should receive traffic: healthy or degraded.
   *
   * @return true unless saturated or closed
   */
  public boolean isReady() {
    return status == Status.HEALTHY || status == Status.DEGRADED;
  }
}
