package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.micrometer.SeamMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Meters, the actuator endpoint and health, and their absence without their libraries. */
class ObservabilityTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SeamAutoConfiguration.class,
                  SeamMetricsAutoConfiguration.class,
                  SeamEndpointAutoConfiguration.class,
                  SeamHealthAutoConfiguration.class,
                  SeamMvcAutoConfiguration.class))
          .withPropertyValues(
              "seam.lanes.orders.max-concurrency=1", "seam.lanes.orders.max-queued=0");

  @Test
  void everyLaneIsBoundToTheMeterRegistry() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              MeterRegistry registry = ctx.getBean(MeterRegistry.class);
              Seam orders = ctx.getBean("orders", Seam.class);
              // Read before the call: a call's permit is freed a moment after its future completes.
              assertThat(registry.get("seam.capacity.free").tag("seam", "orders").gauge().value())
                  .isEqualTo(1.0);
              assertThat(orders.call(() -> 42)).succeedsWithin(Duration.ofSeconds(5));
              assertThat(
                      registry
                          .get("seam.calls")
                          .tags("seam", "orders", "outcome", "succeeded")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
              // The run timer is fed by the listener, told just after the future completes.
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
              while (registry.get("seam.run").tag("seam", "orders").timer().count() == 0
                  && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              assertThat(registry.get("seam.run").tag("seam", "orders").timer().count())
                  .isEqualTo(1);
            });
  }

  @Test
  void noRegistryOrNoMicrometerOrNoWebMeansNothingExtraAndNoFailure() {
    runner.run(
        ctx ->
            assertThat(ctx)
                .hasNotFailed()
                .hasBean("orders")
                .doesNotHaveBean("seamCancellingFutureHandlerInstaller"));
    runner
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class, SeamMetrics.class))
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .hasBean("orders")
                    .doesNotHaveBean("seamMetricsLaneCustomizer"));
  }

  @Test
  void theEndpointReportsEveryLane() {
    runner.run(
        ctx -> {
          SeamEndpoint endpoint = ctx.getBean(SeamEndpoint.class);
          Seam orders = ctx.getBean("orders", Seam.class);
          CountDownLatch started = new CountDownLatch(1);
          CountDownLatch release = new CountDownLatch(1);
          CompletableFuture<Boolean> running =
              orders.call(
                  () -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                  });
          try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Map<String, Object> report = endpoint.lanes().get("orders");
            assertThat(report)
                .containsEntry("status", "SATURATED")
                .containsEntry("running", 1)
                .containsEntry("maxConcurrency", 1)
                .containsKeys("queueWait", "runTime", "submitted", "rejected");
            assertThat(endpoint.lane("orders")).containsEntry("maxQueued", 0);
            assertThat(endpoint.lane("nope")).isNull();
          } finally {
            release.countDown();
          }
          assertThat(running).succeedsWithin(Duration.ofSeconds(5));
        });
  }

  @Test
  void withoutActuatorThereIsNoEndpointAndNoHealth() {
    runner
        .withClassLoader(new FilteredClassLoader(Endpoint.class, BootLine.healthIndicatorType()))
        .run(
            ctx ->
                assertThat(ctx)
                    .hasNotFailed()
                    .hasBean("orders")
                    .doesNotHaveBean(SeamEndpoint.class)
                    .doesNotHaveBean("seamHealthContributor"));
  }

  @Test
  void eachLaneHasAHealthIndicatorAndSaturationTakesItOutOfService() {
    runner.run(
        ctx -> {
          Object contributor = ctx.getBean("seamHealthContributor");
          assertThat(BootLine.health(contributor, "orders")).isEqualTo("UP");
          Seam orders = ctx.getBean("orders", Seam.class);
          CountDownLatch started = new CountDownLatch(1);
          CountDownLatch release = new CountDownLatch(1);
          CompletableFuture<Boolean> running =
              orders.call(
                  () -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                  });
          try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(BootLine.health(contributor, "orders")).isEqualTo("OUT_OF_SERVICE");
          } finally {
            release.countDown();
          }
          assertThat(running).succeedsWithin(Duration.ofSeconds(5));
          orders.close();
          assertThat(BootLine.health(contributor, "orders")).isEqualTo("DOWN");
        });
  }
}
