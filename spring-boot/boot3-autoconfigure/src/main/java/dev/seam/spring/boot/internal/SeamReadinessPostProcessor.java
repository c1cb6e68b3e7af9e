package dev.seam.spring.boot.internal;

import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Makes Seam's contributor a member of the readiness group that Boot's availability probes create,
 * so that a saturated lane takes the instance out of rotation with no setting. It must run after
 * Boot's probes post-processor (which creates the group): Boot orders both by bean registration,
 * and {@code SeamHealthAutoConfiguration} comes after {@code AvailabilityProbesAutoConfiguration}.
 *
 * <p>Leaves the groups as they are when there is no readiness group (no probes) or when the user
 * listed its members ({@link ReadinessMembership#chosenByUser}). Everything but membership is the
 * wrapped group's: status aggregation, HTTP codes, details, the {@code /readyz} path. Boot calls it
 * once, while it creates its {@code HealthEndpointGroups} bean; the groups it returns are
 * immutable.
 */
public final class SeamReadinessPostProcessor implements HealthEndpointGroupsPostProcessor {
  private final Environment environment;

  /**
   * A post-processor that reads the user's group settings from the environment.
   *
   * @param environment the application's environment
   */
  public SeamReadinessPostProcessor(Environment environment) {
    this.environment = environment;
  }

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    HealthEndpointGroup readiness = groups.get(ReadinessMembership.GROUP);
    if (readiness == null || ReadinessMembership.chosenByUser(environment)) {
      return groups;
    }
    return new WithSeam(groups, new SeamMember(readiness));
  }

  /** The groups with the readiness group replaced; the default lookups by path go through it. */
  private static final class WithSeam implements HealthEndpointGroups, AdditionalPathsMapper {
    private final HealthEndpointGroups groups;
    private final HealthEndpointGroup readiness;

    WithSeam(HealthEndpointGroups groups, HealthEndpointGroup readiness) {
      this.groups = groups;
      this.readiness = readiness;
    }

    @Override
    public HealthEndpointGroup getPrimary() {
      return groups.getPrimary();
    }

    @Override
    public Set<String> getNames() {
      return groups.getNames();
    }

    @Override
    public HealthEndpointGroup get(String name) {
      return ReadinessMembership.GROUP.equals(name) ? readiness : groups.get(name);
    }

    // Boot's own groups map the probes' additional paths for Spring Security's EndpointRequest.
    @Override
    public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace namespace) {
      return groups instanceof AdditionalPathsMapper mapper
          ? mapper.getAdditionalPaths(endpointId, namespace)
          : null;
    }
  }

  /** A group whose members are its own and Seam's contributor with each of its lanes. */
  private static final class SeamMember implements HealthEndpointGroup {
    private final HealthEndpointGroup group;

    SeamMember(HealthEndpointGroup group) {
      this.group = group;
    }

    @Override
    public boolean isMember(String name) {
      return ReadinessMembership.isSeam(name) || group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return group.getAdditionalPath();
    }
  }
}
