package dev.seam.spring.boot.internal;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.micrometer.SeamMetrics;
import dev.seam.spring.boot.SeamLaneCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Wires each lane into one {@link SeamMetrics}: its listener before the build (the timers need it
 * from the first call), its gauges and counters after. Does nothing when there is no registry.
 * Lanes are built on one thread at start-up; the lazy field is guarded anyway.
 */
public final class MetricsLaneCustomizer implements SeamLaneCustomizer {
  private final Supplier<MeterRegistry> registry;
  private SeamMetrics metrics;

  /**
   * Creates the customizer.
   *
   * @param registry gives the registry, or null if there is none
   */
  public MetricsLaneCustomizer(Supplier<MeterRegistry> registry) {
    this.registry = registry;
  }

  private synchronized SeamMetrics metrics() {
    if (metrics == null) {
      MeterRegistry r = registry.get();
      if (r != null) {
        metrics = SeamMetrics.of(r);
      }
    }
    return metrics;
  }

  @Override
  public void customize(String lane, SeamBuilder builder) {
    SeamMetrics m = metrics();
    if (m != null) {
      builder.listener(m.listener());
    }
  }

  @Override
  public void built(Seam seam) {
    SeamMetrics m = metrics();
    if (m != null) {
      m.bind(seam);
    }
  }
}
