package dev.seam.spring.boot.internal;

import dev.seam.SeamBuilder;
import dev.seam.ThreadMode;
import dev.seam.spring.boot.SeamProperties;
import java.time.Duration;

/**
 * Checks a lane's properties and applies them to a {@link SeamBuilder}. The checks repeat the
 * builder's own, so that a bad value is reported by its property name ({@code
 * seam.lanes.orders.max-concurrency}) rather than by the builder's option name.
 */
public final class LaneOptions {
  private LaneOptions() {}

  /**
   * Checks every set option of a lane.
   *
   * @param lane the lane's name, as its properties spell it
   * @param p its properties
   * @throws LanePropertyException naming the first bad property and its value
   */
  public static void check(String lane, SeamProperties.Lane p) {
    String prefix = "seam.lanes." + lane + ".";
    if (lane.isBlank()) {
      throw new LanePropertyException("seam.lanes", "'" + lane + "'", "a non-empty lane name");
    }
    if (p.getMaxConcurrency() != null && p.getMaxConcurrency() < 1) {
      throw new LanePropertyException(
          prefix + "max-concurrency", p.getMaxConcurrency(), "at least 1");
    }
    if (p.getMaxQueued() != null && p.getMaxQueued() < 0) {
      throw new LanePropertyException(prefix + "max-queued", p.getMaxQueued(), "0 or more");
    }
    if (p.getTimeout() != null && (p.getTimeout().isNegative() || p.getTimeout().isZero())) {
      throw new LanePropertyException(prefix + "timeout", p.getTimeout(), "positive");
    }
    notNegative(prefix + "shutdown-grace", p.getShutdownGrace());
    notNegative(prefix + "warnings.queue-lag", p.getWarnings().getQueueLag());
    notNegative(prefix + "warnings.slow-call", p.getWarnings().getSlowCall());
    notNegative(prefix + "warnings.abandoned-call", p.getWarnings().getAbandonedCall());
    if (p.getThreads() == ThreadMode.VIRTUAL && Runtime.version().feature() < 21) {
      throw new LanePropertyException(
          prefix + "threads",
          "virtual",
          "platform on this JVM (virtual threads need Java 21 or later; this is Java "
              + Runtime.version().feature()
              + ")");
    }
  }

  private static void notNegative(String property, Duration d) {
    if (d != null && d.isNegative()) {
      throw new LanePropertyException(property, d, "zero or more");
    }
  }

  /**
   * Applies the set options of a lane to a builder; unset ones keep the builder's value.
   *
   * @param p the lane's properties, already {@linkplain #check checked}
   * @param b the builder
   * @return {@code b}
   */
  public static SeamBuilder apply(SeamProperties.Lane p, SeamBuilder b) {
    if (p.getMaxConcurrency() != null) {
      b.maxConcurrency(p.getMaxConcurrency());
    }
    if (p.getMaxQueued() != null) {
      b.maxQueued(p.getMaxQueued());
    }
    if (p.getTimeout() != null) {
      b.timeout(p.getTimeout());
    }
    if (p.getInterruptOnCancel() != null) {
      b.interruptOnCancel(p.getInterruptOnCancel());
    }
    if (p.getThreads() != null) {
      b.threads(p.getThreads());
    }
    if (p.getShutdownGrace() != null) {
      b.shutdownGrace(p.getShutdownGrace());
    }
    if (p.getCaptureCallSite() != null) {
      b.captureCallSite(p.getCaptureCallSite());
    }
    SeamProperties.Warnings w = p.getWarnings();
    if (w.getQueueLag() != null) {
      b.queueLagWarning(w.getQueueLag());
    }
    if (w.getSlowCall() != null) {
      b.slowCallWarning(w.getSlowCall());
    }
    if (w.getAbandonedCall() != null) {
      b.abandonedCallWarning(w.getAbandonedCall());
    }
    return b;
  }
}
