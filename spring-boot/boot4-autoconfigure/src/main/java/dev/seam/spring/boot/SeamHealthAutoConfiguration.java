package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.spring.boot.internal.LaneReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health contributor {@code seam} with one indicator per lane: {@code UP} while the lane is
 * healthy or degraded (the details say why), {@code OUT_OF_SERVICE} while it is saturated, {@code
 * DOWN} once closed. Add {@code seam} to the readiness group ({@code
 * management.endpoint.health.group.readiness.include=readinessState,seam}) so that a saturated lane
 * takes the instance out of rotation. Each check reads {@link Seam#health()}: cheap, never waits
 * for calls.
 *
 * @since 0.1
 */
@AutoConfiguration(after = SeamAutoConfiguration.class)
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
}
