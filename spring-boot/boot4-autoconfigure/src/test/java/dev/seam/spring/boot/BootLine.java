package dev.seam.spring.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

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

  /** Boot's health endpoint and its availability probes (on with their property). */
  static AutoConfigurations healthEndpoint() {
    return AutoConfigurations.of(
        ApplicationAvailabilityAutoConfiguration.class,
        AvailabilityHealthContributorAutoConfiguration.class,
        AvailabilityProbesAutoConfiguration.class,
        HealthContributorAutoConfiguration.class,
        HealthContributorRegistryAutoConfiguration.class,
        HealthEndpointAutoConfiguration.class);
  }

  /** The status of a health group, or null if there is no such group. */
  static String groupStatus(ApplicationContext context, String group) {
    HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath(group);
    return health == null ? null : health.getStatus().getCode();
  }

  /** Whether a group exists and has the member; false if there is no such group. */
  static boolean isMember(ApplicationContext context, String group, String member) {
    HealthEndpointGroup g = context.getBean(HealthEndpointGroups.class).get(group);
    return g != null && g.isMember(member);
  }

  /** The health groups as Boot's endpoint sees them, after every post-processor. */
  static Object groups(ApplicationContext context) {
    return context.getBean(HealthEndpointGroups.class);
  }

  /** Whether the group served at an additional path ({@code server:/readyz}) has the member. */
  static boolean isMemberAtPath(ApplicationContext context, String path, String member) {
    HealthEndpointGroup g =
        context.getBean(HealthEndpointGroups.class).get(AdditionalHealthEndpointPath.from(path));
    return g != null && g.isMember(member);
  }

  /** The health groups' post-processors' class names, in the order Boot applies them. */
  static List<String> groupsPostProcessors(ApplicationContext context) {
    return context
        .getBeanProvider(HealthEndpointGroupsPostProcessor.class)
        .orderedStream()
        .map(p -> p.getClass().getSimpleName())
        .toList();
  }
}
