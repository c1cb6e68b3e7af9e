package dev.seam.examples.catalogue;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import dev.seam.sse.SseEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live state that {@code /api/seams} and its SSE stream show: each seam's {@link Seam#stats()},
 * the SSE endpoint's open streams, the jobs running, and the pricing service's chaos settings.
 * Built fresh on every read; thread-safe.
 */
final class SeamsReport implements Supplier<String> {
  private final List<Seam> seams;
  private final SseEndpoint sse;
  private final RepriceJobs jobs;
  private final PricingService pricing;

  SeamsReport(List<Seam> seams, SseEndpoint sse, RepriceJobs jobs, PricingService pricing) {
    this.seams = List.copyOf(seams);
    this.sse = sse;
    this.jobs = jobs;
    this.pricing = pricing;
  }

  @Override
  public String get() {
    StringBuilder list = new StringBuilder("[");
    for (Seam seam : seams) {
      if (list.length() > 1) {
        list.append(',');
      }
      list.append(seamJson(seam.stats(), seam.health()));
    }
    list.append(']');
    return Json.object()
        .put("at", System.currentTimeMillis())
        .raw("seams", list.toString())
        .put("sse", Json.object().put("openStreams", sse.openStreams()))
        .put("jobs", Json.object().put("running", jobs.running()))
        .put(
            "pricing",
            Json.object()
                .put("latencyMs", pricing.chaos().latency().toMillis())
                .put("errorRate", pricing.chaos().errorRate())
                .put("requests", pricing.requests()))
        .toString();
  }

  // One seam's fields: its health verdict next to the counters it is derived from.
  private static Json seamJson(SeamStats s, SeamHealth h) {
    return Json.object()
        .put("name", s.seamName())
        .put("health", h.status().name().toLowerCase(Locale.ROOT))
        .put("healthReason", h.reason())
        .put("maxConcurrency", s.maxConcurrency())
        .put("maxQueued", s.maxQueued())
        .put("running", s.running())
        .put("queued", s.queued())
        .put("abandoned", s.abandoned())
        .put("inFlight", s.inFlight())
        .put("submitted", s.submitted())
        .put("succeeded", s.succeeded())
        .put("failed", s.failed())
        .put("timedOut", s.timedOut())
        .put("cancelled", s.cancelled())
        .put("rejected", s.rejected())
        .put("queueWaitP99Ms", s.queueWait().p99().toNanos() / 1e6)
        .put("runTimeP50Ms", s.runTime().p50().toNanos() / 1e6)
        .put("runTimeP99Ms", s.runTime().p99().toNanos() / 1e6);
  }
}
