package dev.seam.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Context propagation needs no bean: without tracing or security nothing appears or breaks. */
class ContextLibrariesAbsentTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SeamAutoConfiguration.class,
                  SeamMetricsAutoConfiguration.class,
                  SeamEndpointAutoConfiguration.class,
                  SeamHealthAutoConfiguration.class))
          .withPropertyValues("seam.lanes.legacy.max-concurrency=1")
          .withBean(SeamAsyncTest.Legacy.class);

  @Test
  void withoutTracingOrSecurityTheSameBeansAppearAndCallsStillCarryTheMdc() {
    AtomicReference<Set<String>> withLibraries = new AtomicReference<>();
    // First with the libraries: this also loads Micrometer's global ContextRegistry with every
    // accessor, as an application that has them would. (Loaded first through the filtered loader
    // below, its ServiceLoader would find Spring Security's service file but not its classes.)
    runner.run(
        ctx -> {
          withLibraries.set(new TreeSet<>(Set.of(ctx.getBeanDefinitionNames())));
          callsCarryTheMdc(ctx);
        });
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "io.micrometer.tracing", "io.opentelemetry", "org.springframework.security"))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(new TreeSet<>(Set.of(ctx.getBeanDefinitionNames())))
                  .isEqualTo(withLibraries.get());
              callsCarryTheMdc(ctx);
            });
  }

  private static void callsCarryTheMdc(ApplicationContext ctx) {
    MDC.put("request", "r-17");
    try {
      assertThat(ctx.getBean("legacy", Seam.class).call(() -> MDC.get("request")))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("r-17");
      assertThat(ctx.getBean(SeamAsyncTest.Legacy.class).whereAmI())
          .succeedsWithin(Duration.ofSeconds(10))
          .asString()
          .startsWith("seam-legacy-");
    } finally {
      MDC.remove("request");
    }
  }
}
