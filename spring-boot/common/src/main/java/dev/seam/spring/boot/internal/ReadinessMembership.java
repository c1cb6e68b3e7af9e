package dev.seam.spring.boot.internal;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What either Boot line's readiness post-processor decides without Boot's health types: whether the
 * user chose the readiness group's members, and which member names are Seam's.
 */
public final class ReadinessMembership {
  /** The name of the group Boot's availability probes create. */
  public static final String GROUP = "readiness";

  /** The name of Seam's health contributor (its bean {@code seamHealthContributor}). */
  public static final String CONTRIBUTOR = "seam";

  private static final String PREFIX = "management.endpoint.health.group." + GROUP + ".";

  private ReadinessMembership() {}

  /**
   * Whether the user listed the readiness group's members ({@code include} or {@code exclude}):
   * their list is then the whole truth, and Seam adds nothing to it.
   *
   * @param environment the application's environment
   * @return true if either list is set, in any of its property forms
   */
  public static boolean chosenByUser(Environment environment) {
    Binder binder = Binder.get(environment);
    return binder.bind(PREFIX + "include", Bindable.setOf(String.class)).isBound()
        || binder.bind(PREFIX + "exclude", Bindable.setOf(String.class)).isBound();
  }

  /**
   * Whether a member name is Seam's contributor or one of its lanes ({@code seam/orders}: Boot asks
   * for each lane's indicator by its path).
   *
   * @param name the name Boot asks the group about
   * @return true for {@code seam} and {@code seam/...}
   */
  public static boolean isSeam(String name) {
    return name.equals(CONTRIBUTOR) || name.startsWith(CONTRIBUTOR + "/");
  }
}
