package dev.seam.spring.boot;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/** What the shared tests need that Boot 3 and Boot 4 spell differently: here, Boot 4. */
final class BootLine {
  private BootLine() {}

  static Class<?> healthIndicatorType() {
    return HealthIndicator.class;
  }

  static String health(Object contributor, String lane) {
    HealthIndicator indicator =
        (HealthIndicator) ((CompositeHealthContributor) contributor).getContributor(lane);
    return indicator.health().getStatus().getCode();
  }
}
