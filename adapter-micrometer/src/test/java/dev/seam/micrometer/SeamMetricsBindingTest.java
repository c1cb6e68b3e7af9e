package dev.seam.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.SeamEvent;
import dev.seam.testing.SeamLeakCheck;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Binding, rebinding and unbinding seams; a listener that cannot break a call. */
@ExtendWith(SeamLeakCheck.class)
class SeamMetricsBindingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final SeamMetrics metrics = SeamMetrics.of(registry);

  private long seamMeters(String seam) {
    return registry.getMeters().stream().filter(m -> seam.equals(m.getId().getTag("seam"))).count();
  }

  @Test
  void aSeamRebuiltUnderTheNameOfAClosedOneTakesOverItsGauges() {
    Seam first = metrics.instrument(Seam.builder("reports").maxConcurrency(1));
    assertThat(first.call(call -> "old")).succeedsWithin(WAIT);
    first.close();
    long meters = seamMeters("reports");

    try (Seam second = metrics.instrument(Seam.builder("reports").maxConcurrency(4))) {
      assertThat(registry.get("seam.capacity.free").tag("seam", "reports").gauge().value())
          .isEqualTo(4);
      assertThat(
              registry
                  .get("seam.health")
                  .tags("seam", "reports", "status", "healthy")
                  .gauge()
                  .value())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("seam.calls")
                  .tags("seam", "reports", "outcome", "succeeded")
                  .functionCounter()
                  .count())
          .as("counters start again from the new seam")
          .isZero();
      assertThat(seamMeters("reports")).isEqualTo(meters);
    }
  }

  @Test
  void aSecondOpenSeamOfTheSameNameIsRefusedNamingItAndClosed() {
    try (Seam first = metrics.instrument(Seam.builder("dup"))) {
      assertThatThrownBy(() -> metrics.instrument(Seam.builder("dup")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'dup'")
          .hasMessageContaining("still open");
      assertThat(
              registry.get("seam.health").tags("seam", "dup", "status", "healthy").gauge().value())
          .as("the first seam's gauges are untouched")
          .isEqualTo(1);
      assertThat(first.isClosed()).isFalse();
    }
    // The refused seam is closed before instrument throws; SeamLeakCheck sees its threads if not.
  }

  @Test
  void bindingTheSameSeamTwiceChangesNothing() {
    try (Seam seam = metrics.instrument(Seam.builder("twice"))) {
      long meters = seamMeters("twice");
      metrics.bind(seam).bind(seam);
      assertThat(seamMeters("twice")).isEqualTo(meters);
    }
  }

  @Test
  void unbindRemovesEveryMeterOfTheSeamAndOnlyThose() {
    try (Seam gone = metrics.instrument(Seam.builder("gone"));
        Seam kept = metrics.instrument(Seam.builder("kept"))) {
      long keptMeters = seamMeters("kept");
      assertThat(seamMeters("gone"))
          .isEqualTo(keptMeters)
          .isEqualTo(17); // 6 outcome counters, ended among them
      metrics.unbind(gone);
      assertThat(seamMeters("gone")).isZero();
      assertThat(seamMeters("kept")).isEqualTo(keptMeters);
      assertThat(kept.call(call -> "still fine")).succeedsWithin(WAIT);
    }
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> SeamMetrics.of(null)).hasMessageContaining("registry");
    assertThatThrownBy(() -> metrics.instrument(null)).hasMessageContaining("builder");
    assertThatThrownBy(() -> metrics.bind(null)).hasMessageContaining("seam");
    assertThatThrownBy(() -> metrics.unbind(null)).hasMessageContaining("seam");
  }

  @Test
  void eventsOfASeamNeverBoundStillReachItsTimers() {
    metrics
        .listener()
        .started(new SeamEvent("elsewhere", SeamEvent.Kind.STARTED, null, 5, 0, 0, 1, null));
    assertThat(registry.get("seam.queue.wait").tag("seam", "elsewhere").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aRegistryThatDeniesSeamMetersLeavesCallsUntouched() {
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("seam."));
    try (Seam seam = metrics.instrument(Seam.builder("denied"))) {
      CompletableFuture<String> f = seam.call(call -> "ok");
      assertThat(f).succeedsWithin(WAIT).isEqualTo("ok");
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  @Test
  void timersPublishNoHistogramUnlessAMeterFilterAsksForOne() {
    SimpleMeterRegistry plain = new SimpleMeterRegistry();
    SimpleMeterRegistry detailed = new SimpleMeterRegistry();
    detailed
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().startsWith("seam.")
                    ? DistributionStatisticConfig.builder()
                        .percentiles(0.5, 0.99)
                        .build()
                        .merge(config)
                    : config;
              }
            });
    SeamEvent started = new SeamEvent("h", SeamEvent.Kind.STARTED, null, 1_000_000, 0, 0, 1, null);
    SeamMetrics.of(plain).listener().started(started);
    SeamMetrics.of(detailed).listener().started(started);

    Timer off = plain.get("seam.queue.wait").timer();
    Timer on = detailed.get("seam.queue.wait").timer();
    assertThat(off.takeSnapshot().percentileValues()).isEmpty();
    assertThat(off.takeSnapshot().histogramCounts()).isEmpty();
    assertThat(on.takeSnapshot().percentileValues()).hasSize(2);
  }
}
