package dev.seam.spring.boot.internal;

import dev.seam.LatencySummary;
import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lane's health and stats as plain maps, for the health contributor and the actuator endpoint of
 * either Boot line (their JSON writers take maps of strings and numbers).
 */
public final class LaneReport {
  private LaneReport() {}

  /**
   * The Actuator status code of a lane's health: {@code UP} when healthy or degraded (degraded
   * lanes still take calls, their details say why), {@code OUT_OF_SERVICE} when saturated (so the
   * readiness group, which Seam's contributor joins, takes the instance out of rotation), {@code
   * DOWN} when closed.
   *
   * @param health the lane's health
   * @return the status code
   */
  public static String statusCode(SeamHealth health) {
    return switch (health.status()) {
      case HEALTHY, DEGRADED -> "UP";
      case SATURATED -> "OUT_OF_SERVICE";
      case CLOSED -> "DOWN";
    };
  }

  /**
   * The details of a lane's health.
   *
   * @param health the lane's health
   * @return status, reason and the gauges, in a stable order
   */
  public static Map<String, Object> healthDetails(SeamHealth health) {
    SeamStats s = health.stats();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("status", health.status().name());
    d.put("reason", health.reason());
    d.put("running", s.running());
    d.put("maxConcurrency", s.maxConcurrency());
    d.put("queued", s.queued());
    d.put("maxQueued", s.maxQueued());
    d.put("abandoned", s.abandoned());
    d.put("timeoutRate", health.timeoutRate());
    d.put("rejectedRecently", health.rejectedRecently());
    return d;
  }

  /**
   * A lane's full report: health details, counters and latency summaries.
   *
   * @param seam the lane
   * @return the report
   */
  public static Map<String, Object> of(Seam seam) {
    SeamHealth health = seam.health();
    SeamStats s = health.stats();
    Map<String, Object> r = healthDetails(health);
    r.put("submitted", s.submitted());
    r.put("succeeded", s.succeeded());
    r.put("failed", s.failed());
    r.put("timedOut", s.timedOut());
    r.put("cancelled", s.cancelled());
    r.put("rejected", s.rejected());
    r.put("queueWait", latency(s.queueWait()));
    r.put("runTime", latency(s.runTime()));
    r.put("resourceWait", latency(s.resourceWait()));
    return r;
  }

  private static Map<String, Object> latency(LatencySummary l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", l.count());
    m.put("p50Ms", millis(l.p50().toNanos()));
    m.put("p90Ms", millis(l.p90().toNanos()));
    m.put("p99Ms", millis(l.p99().toNanos()));
    m.put("maxMs", millis(l.max().toNanos()));
    return m;
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
