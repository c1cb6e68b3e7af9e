package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.spring.adapters.LegacyPricing;
import dev.seam.spring.adapters.badreturn.SyncLookingPricing;
import dev.seam.spring.adapters.nolane.NoLanePricing;
import dev.seam.spring.adapters.ok.AsyncPricing;
import dev.seam.spring.boot.internal.SeamAdapterDeclarationException;
import dev.seam.spring.boot.internal.SeamAdapterFailureAnalyzer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * {@code @SeamAdapter}: an async interface in the application's packages becomes a bean bound to a
 * sync bean on a lane, checked when the context starts.
 */
class SeamAdapterTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
          .withPropertyValues("seam.lanes.pricing.max-concurrency=2")
          .withBean(LegacyPricing.class);

  @Test
  void theInterfaceIsABeanWhoseCallsRunTheSyncBeanOnTheLane() {
    runner
        .withUserConfiguration(OkApp.class)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed().hasSingleBean(AsyncPricing.class);
              assertThat(ctx).hasBean("asyncPricing");
              CompletableFuture<Long> price = ctx.getBean(AsyncPricing.class).priceOf("abc");
              assertThat(price).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(300L);
              assertThat(ctx.getBean(LegacyPricing.class).lastThread)
                  .as("a worker of the lane pricing")
                  .contains("pricing");
            });
  }

  @Test
  void anApplicationBeanOfTheInterfaceReplacesTheAdapter() {
    AsyncPricing mock = sku -> CompletableFuture.completedFuture(7L);
    runner
        .withUserConfiguration(OkApp.class)
        .withBean(AsyncPricing.class, () -> mock)
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(AsyncPricing.class)).isSameAs(mock);
            });
  }

  @Test
  void aMissingLaneFailsStartUpNamingTheInterfaceAndTheLane() {
    runner
        .withUserConfiguration(NoLaneApp.class)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis = analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(NoLanePricing.class.getName())
                  .contains("lane 'pricing-typo' is no Seam bean")
                  .contains("[pricing]");
            });
  }

  @Test
  void aMethodThatReturnsNoFutureFailsStartUpNamingTheMethod() {
    runner
        .withUserConfiguration(BadReturnApp.class)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              FailureAnalysis analysis = analyze(ctx.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(SyncLookingPricing.class.getName())
                  .contains("SyncLookingPricing.priceNow(String) returns long")
                  .doesNotContain("priceOf(");
            });
  }

  @Test
  void aMissingTargetFailsStartUpNamingTheType() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SeamAutoConfiguration.class))
        .withPropertyValues("seam.lanes.pricing.max-concurrency=2")
        .withUserConfiguration(OkApp.class)
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(analyze(ctx.getStartupFailure()).getDescription())
                  .contains(AsyncPricing.class.getName())
                  .contains("target " + LegacyPricing.class.getName() + " is not one bean");
            });
  }

  @Test
  void theFailureAnalyzerIsRegisteredWithSpringBoot() {
    // Boot's own analyzers need a bean factory to be built; only ours matters here.
    SpringFactoriesLoader.FailureHandler skipOthers = (type, name, failure) -> {};
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, skipOthers))
        .anyMatch(SeamAdapterFailureAnalyzer.class::isInstance);
  }

  private static FailureAnalysis analyze(Throwable failure) {
    assertThat(failure).hasRootCauseInstanceOf(SeamAdapterDeclarationException.class);
    FailureAnalysis analysis = new SeamAdapterFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("an analysis of %s", failure).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = AsyncPricing.class)
  static class OkApp {}

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = NoLanePricing.class)
  static class NoLaneApp {}

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = SyncLookingPricing.class)
  static class BadReturnApp {}
}
