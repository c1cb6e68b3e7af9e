package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamTimeoutException;
import dev.seam.spring.boot.internal.LanePropertyException;
import dev.seam.spring.boot.internal.LanePropertyFailureAnalyzer;
import dev.seam.testing.ManualClock;
import dev.seam.testing.RecordingSeam;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

class LanePropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class));

  @Test
  void noLanesAndNoDataSourceMeanNoSeamBeans() {
    runner.run(
        ctx -> {
          assertThat(ctx).hasNotFailed().doesNotHaveBean(Seam.class);
          assertThat(ctx).hasSingleBean(SeamProperties.class);
        });
  }

  @Test
  void eachLaneBecomesASeamBeanNamedAfterIt() {
    runner
        .withPropertyValues(
            "seam.lanes.orders.max-concurrency=3",
            "seam.lanes.orders.max-queued=7",
            "seam.lanes.orders.interrupt-on-cancel=false",
            "seam.lanes.orders.threads=platform",
            "seam.lanes.orders.shutdown-grace=0s",
            "seam.lanes.orders.capture-call-site=false",
            "seam.lanes.orders.warnings.queue-lag=0s",
            "seam.lanes.orders.warnings.slow-call=1m",
            "seam.lanes.orders.warnings.abandoned-call=0s",
            "seam.lanes.inventory-api.max-concurrency=2")
        .withUserConfiguration(ByQualifier.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBeansOfType(Seam.class))
                  .containsOnlyKeys("orders", "inventory-api");
              Seam orders = ctx.getBean("orders", Seam.class);
              assertThat(orders.name()).isEqualTo("orders");
              assertThat(orders.stats().maxConcurrency()).isEqualTo(3);
              assertThat(orders.stats().maxQueued()).isEqualTo(7);
              Seam inventory = ctx.getBean("inventory-api", Seam.class);
              assertThat(inventory.stats().maxConcurrency()).isEqualTo(2);
              assertThat(inventory.stats().maxQueued()).as("the builder's default").isEqualTo(100);
              assertThat(ctx.getBean(ByQualifier.class).inventory).isSameAs(inventory);
              assertThat(ctx.getBean(ByQualifier.class).orders).isSameAs(orders);
              assertThat(orders.call(() -> "ok")).succeedsWithin(Duration.ofSeconds(5));
            });
  }

  @Test
  void theTimeoutPropertyIsEachCallsDeadline() {
    ManualClock clock = new ManualClock();
    runner
        .withPropertyValues("seam.lanes.orders.timeout=2s")
        .withBean(SeamLaneCustomizer.class, () -> (lane, builder) -> builder.clock(clock))
        .run(
            ctx -> {
              Seam orders = ctx.getBean("orders", Seam.class);
              CountDownLatch release = new CountDownLatch(1);
              CompletableFuture<Boolean> call =
                  orders.call(() -> release.await(30, TimeUnit.SECONDS));
              try {
                clock.advance(Duration.ofMillis(1999));
                assertThat(call).isNotDone();
                clock.advance(Duration.ofMillis(1));
                assertThat(call)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(SeamTimeoutException.class);
              } finally {
                release.countDown();
              }
            });
  }

  @Test
  void aBadValueFailsStartUpNamingThePropertyAndTheValue() {
    runner
        .withPropertyValues("seam.lanes.orders.max-concurrency=0")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis = analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("'seam.lanes.orders.max-concurrency'")
                  .contains("'0'")
                  .contains("at least 1");
            });
    runner
        .withPropertyValues("seam.lanes.orders.timeout=-1s")
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getDescription())
                    .contains("'seam.lanes.orders.timeout'")
                    .contains("'PT-1S'")
                    .contains("positive"));
    runner
        .withPropertyValues("seam.lanes.orders.warnings.slow-call=-5ms")
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getAction())
                    .contains("seam.lanes.orders.warnings.slow-call"));
    runner
        .withPropertyValues("seam.lanes.orders.max-queued=-1")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .isInstanceOf(LanePropertyException.class)
                    .hasMessage("seam.lanes.orders.max-queued=-1: must be 0 or more"));
  }

  @Test
  void aValueOfTheWrongTypeFailsInSpringsBinderNamingTheProperty() {
    runner
        .withPropertyValues("seam.lanes.orders.threads=green")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(ctx.getStartupFailure())
                  .isInstanceOf(BindException.class)
                  .hasMessageContaining("'seam.lanes.orders.threads'")
                  .cause()
                  .hasMessageContaining("[green]");
            });
  }

  @Test
  void aLaneNamedAfterAnotherBeanFailsStartUp() {
    runner
        .withPropertyValues("seam.lanes.clash.max-concurrency=1")
        .withBean("clash", String.class, () -> "taken")
        .run(
            ctx ->
                assertThat(analyze(ctx.getStartupFailure()).getDescription())
                    .contains("'seam.lanes.clash'")
                    .contains("a bean named 'clash' exists already"));
  }

  @Test
  void aSeamBeanDeclaredUnderALanesNameReplacesTheLaneForTests() {
    runner
        .withPropertyValues("seam.lanes.orders.max-concurrency=3")
        .withUserConfiguration(RecordingOrders.class, ByQualifier.class)
        .withPropertyValues("seam.lanes.inventory-api.max-concurrency=2")
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              RecordingSeam recording = ctx.getBean("orders", RecordingSeam.class);
              assertThat(ctx.getBean(ByQualifier.class).orders).isSameAs(recording);
              CompletableFuture<String> call = recording.call(() -> "recorded");
              assertThat(call).isNotDone();
              assertThat(recording.runAll()).isEqualTo(1);
              assertThat(call).isCompletedWithValue("recorded");
            });
  }

  /** What a @SpringBootTest declares to run a lane on the test kit. */
  @Configuration(proxyBeanMethods = false)
  static class RecordingOrders {
    @Bean
    RecordingSeam orders() {
      return RecordingSeam.create("orders");
    }
  }

  @Test
  void theFailureAnalyzerIsRegisteredWithSpringBoot() {
    // Boot's own analyzers need a bean factory to be built; only ours matters here.
    SpringFactoriesLoader.FailureHandler skipOthers = (type, name, failure) -> {};
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, skipOthers))
        .anyMatch(LanePropertyFailureAnalyzer.class::isInstance);
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new LanePropertyFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class ByQualifier {
    final Seam orders;
    final Seam inventory;

    ByQualifier(@Qualifier("orders") Seam orders, @Qualifier("inventory-api") Seam inventory) {
      this.orders = orders;
      this.inventory = inventory;
    }

    @Bean
    String usesOrders(@Qualifier("orders") Seam orders) {
      return orders.name();
    }
  }
}
