package dev.seam.micrometer;

import static dev.seam.SeamEvent.Kind.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The names and units a Prometheus user sees in a scrape, as documented on SeamMetrics. */
@ExtendWith(SeamLeakCheck.class)
class PrometheusScrapeTest {

  @Test
  void aScrapeShowsEveryMeterWithPrometheusNamesAndSeconds() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SeamMetrics metrics = SeamMetrics.of(registry);
    Told told = new Told();
    ManualClock clock = new ManualClock();
    try (Seam seam =
        Seam.builder("orders-db")
            .maxConcurrency(4)
            .clock(clock)
            .listener(metrics.listener())
            .listener(told)
            .build()) {
      metrics.bind(seam);
      Gate gate = new Gate();
      var f = seam.call(call -> gate.pass("ok"));
      gate.awaitStarted();
      clock.advance(Duration.ofMillis(250));
      gate.open();
      assertThat(f).succeedsWithin(Duration.ofSeconds(10));
      told.await(SUCCEEDED, 1);
      Await.until(() -> seam.stats().running() == 0, "the permit is back");

      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("seam_calls_running{seam=\"orders-db\"} 0")
          .contains("seam_calls_queued{seam=\"orders-db\"} 0")
          .contains("seam_calls_abandoned{seam=\"orders-db\"} 0")
          .contains("seam_capacity_free{seam=\"orders-db\"} 4")
          .contains("seam_health{seam=\"orders-db\",status=\"healthy\"} 1")
          .contains("seam_health{seam=\"orders-db\",status=\"saturated\"} 0")
          .contains("seam_calls_total{outcome=\"succeeded\",seam=\"orders-db\"} 1")
          .contains("seam_calls_total{outcome=\"timed_out\",seam=\"orders-db\"} 0")
          .contains("seam_queue_wait_seconds_count{seam=\"orders-db\"} 1")
          .contains("seam_run_seconds_count{seam=\"orders-db\"} 1")
          .contains("seam_run_seconds_sum{seam=\"orders-db\"} 0.25")
          .contains("seam_run_seconds_max{seam=\"orders-db\"} 0.25")
          .contains("seam_resource_wait_seconds_count{seam=\"orders-db\"} 0");
    }
  }
}
