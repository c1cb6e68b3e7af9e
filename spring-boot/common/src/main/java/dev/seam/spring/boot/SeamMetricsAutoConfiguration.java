package dev.seam.spring.boot;

import dev.seam.micrometer.SeamMetrics;
import dev.seam.spring.boot.internal.MetricsLaneCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Publishes every lane to the application's {@link MeterRegistry} through {@link SeamMetrics}
 * (gauges, counters by outcome, queue-wait and run timers, all tagged {@code seam=<lane>}) when
 * {@code seam-micrometer} and Micrometer are present and a registry bean exists (Actuator makes
 * one).
 *
 * @since 0.1
 */
@AutoConfiguration(after = SeamAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, SeamMetrics.class})
public class SeamMetricsAutoConfiguration {

  /**
   * Adds the timers' listener to each lane and binds its meters once built.
   *
   * @param registry the registry, if the application has exactly one (or a primary one)
   * @return the customizer
   */
  @Bean
  SeamLaneCustomizer seamMetricsLaneCustomizer(ObjectProvider<MeterRegistry> registry) {
    return new MetricsLaneCustomizer(registry::getIfUnique);
  }
}
