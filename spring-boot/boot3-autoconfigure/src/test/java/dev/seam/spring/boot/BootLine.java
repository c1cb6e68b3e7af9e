package dev.seam.spring.boot;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;

/** What the shared tests need that Boot 3 and Boot 4 spell differently: here, Boot 3. */
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
