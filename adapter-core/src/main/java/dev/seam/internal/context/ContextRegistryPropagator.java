package dev.seam.internal.context;

import dev.seam.ContextPropagator;

/**
 * Detects Micrometer's context-propagation library at run time. The propagator itself lives in
 * {@link RegisteredAccessors} so that no Micrometer type is loaded unless the library is present.
 */
public final class ContextRegistryPropagator {
  private static final boolean AVAILABLE = detect();

  private ContextRegistryPropagator() {}

  private static boolean detect() {
    try {
      Class<?> library =
          Class.forName(
              "io.micrometer.context.ContextRegistry",
              false,
              ContextRegistryPropagator.class.getClassLoader());
      return Readability.ensure(ContextRegistryPropagator.class, library);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether {@code io.micrometer:context-propagation} is present.
   *
   * @return true if it is
   */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /**
   * Creates the propagator of the global {@code ContextRegistry}; call only when {@link
   * #isAvailable()}.
   *
   * @return the propagator
   */
  public static ContextPropagator<?> create() {
    return RegisteredAccessors.INSTANCE;
  }
}
