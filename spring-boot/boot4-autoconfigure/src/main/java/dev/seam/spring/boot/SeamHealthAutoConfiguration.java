package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.spring.boot.internal.LaneReport;
import dev.seam.spring.boot.internal.SeamReadinessPostProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A health contributor {@code seam} with one indicator per lane: {@code UP} while the lane is
 * healthy or degraded (the details say why), {@code OUT_OF_SERVICE} while it is saturated, {@code
 * DOWN} once closed. Each check reads {@link Seam#health()}: cheap, never waits for calls, runs on
 * the thread that asks for health.
 *
 * <p>Where Boot has a readiness group (Boot's availability probes, on unless {@code
 * management.endpoint.health.probes.enabled=false}), {@code seam} becomes a member of it with no
 * setting, so that a saturated lane takes the instance out of rotation ({@code
 * /actuator/health/readiness} answers 503) until its calls finish; liveness is left alone. A
 * readiness group whose members the user listed ({@code
 * management.endpoint.health.group.readiness.include} or {@code .exclude}) is left as they listed
 * it; {@code seam.health.readiness=false} turns the membership off. Without a readiness group
 * nothing is added.
 *
 * @since 0.1
 */
// After Boot's probes, so that their readiness group exists when Seam's post-processor runs: Boot
// applies post-processors of equal order in the order their beans were registered.
@AutoConfiguration(
    after = SeamAutoConfiguration.class,
    afterName =
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class SeamHealthAutoConfiguration {

  /**
   * The contributor, named {@code seam} after this bean.
   *
   * @param lanes every lane
   * @return a composite of one indicator per lane, by lane name
   */
  @Bean
  @ConditionalOnMissingBean(name = "seamHealthContributor")
  HealthContributor seamHealthContributor(ObjectProvider<Seam> lanes) {
    Map<String, Seam> byName = new LinkedHashMap<>();
    lanes.orderedStream().forEach(s -> byName.put(s.name(), s));
    return CompositeHealthContributor.fromMap(
        byName, seam -> (HealthIndicator) () -> health(seam.health()));
  }

  private static Health health(SeamHealth h) {
    return Health.status(LaneReport.statusCode(h)).withDetails(LaneReport.healthDetails(h)).build();
  }

  /** Seam's contributor in Boot's readiness group, where the health endpoint is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthEndpointGroupsPostProcessor.class, AdditionalPathsMapper.class})
  @ConditionalOnBooleanProperty(name = "seam.health.readiness", matchIfMissing = true)
  static class Readiness {

    /**
     * Adds {@code seam} to the readiness group when there is one and its members are not the
     * user's.
     *
     * @param environment where the user's group settings are read
     * @return the post-processor, which Boot applies to its health groups once
     */
    @Bean
    HealthEndpointGroupsPostProcessor seamReadinessPostProcessor(Environment environment) {
      return new SeamReadinessPostProcessor(environment);
    }
  }
}
