package dev.seam.micrometer;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.SeamStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one seam that read its {@link Seam#stats()} and {@link Seam#health()}: gauges,
 * outcome counters and resource waits. Registered together and removed together. Immutable.
 */
record SeamMeters(Seam seam, List<Meter> meters) {
  static final String TAG_SEAM = "seam";

  static SeamMeters register(MeterRegistry registry, Seam seam) {
    String name = seam.name();
    List<Meter> m = new ArrayList<>();
    // Gauges carry no base unit: Prometheus would append it ("seam_calls_running_calls").
    m.add(gauge(registry, seam, "seam.calls.running", "calls holding a permit", s -> s.running()));
    m.add(
        gauge(registry, seam, "seam.calls.queued", "calls waiting for a permit", s -> s.queued()));
    m.add(
        gauge(
            registry,
            seam,
            "seam.calls.abandoned",
            "calls whose future completed while their worker is still in them",
            s -> s.abandoned()));
    m.add(
        gauge(
            registry,
            seam,
            "seam.capacity.free",
            "permits free: maxConcurrency - running",
            s -> Math.max(0, s.maxConcurrency() - s.running())));
    for (SeamHealth.Status status : SeamHealth.Status.values()) {
      m.add(
          Gauge.builder("seam.health", seam, x -> x.health().status() == status ? 1 : 0)
              .description("1 for the seam's current health status, 0 for the others")
              .tag(TAG_SEAM, name)
              .tag("status", status.name().toLowerCase(Locale.ROOT))
              .strongReference(true)
              .register(registry));
    }
    m.add(outcome(registry, seam, "succeeded", SeamStats::succeeded));
    m.add(outcome(registry, seam, "failed", SeamStats::failed));
    m.add(outcome(registry, seam, "timed_out", SeamStats::timedOut));
    m.add(outcome(registry, seam, "cancelled", SeamStats::cancelled));
    m.add(outcome(registry, seam, "rejected", SeamStats::rejected));
    m.add(outcome(registry, seam, "ended", SeamStats::ended));
    return new SeamMeters(seam, List.copyOf(m));
  }

  void remove(MeterRegistry registry) {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
  }

  private static Gauge gauge(
      MeterRegistry registry,
      Seam seam,
      String meterName,
      String description,
      ToDoubleFunction<SeamStats> value) {
    // Strong: a closed seam must stay readable, and nothing else may hold it.
    return Gauge.builder(meterName, seam, x -> value.applyAsDouble(x.stats()))
        .description(description)
        .tag(TAG_SEAM, seam.name())
        .strongReference(true)
        .register(registry);
  }

  private static FunctionCounter outcome(
      MeterRegistry registry, Seam seam, String outcome, ToLongFunction<SeamStats> count) {
    // The gauges above hold the seam strongly, so this counter's weak reference stays valid.
    return FunctionCounter.builder("seam.calls", seam, x -> count.applyAsLong(x.stats()))
        .description("calls finished, by outcome")
        .baseUnit("calls")
        .tag(TAG_SEAM, seam.name())
        .tag("outcome", outcome)
        .register(registry);
  }
}
