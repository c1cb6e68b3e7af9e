package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.SeamBuilder;

/**
 * Adjusts the builder of every lane the auto-configuration builds (those of {@code seam.lanes.*}
 * and those of {@code DataSource} beans) after the properties were applied, and sees each lane once
 * built. Declare one as a bean, for example to add a {@link dev.seam.SeamListener} or context
 * propagators; beans are applied in their {@code @Order}.
 *
 * <p>Called on the thread that creates the lane's bean, once per lane, during start-up.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SeamLaneCustomizer {

  /**
   * Adjusts a lane's builder before it is built.
   *
   * @param lane the lane's name
   * @param builder the builder, with the properties applied; do not build it
   */
  void customize(String lane, SeamBuilder builder);

  /**
   * Told the lane once it is built, before any bean can use it. Default: nothing.
   *
   * @param seam the new lane
   */
  default void built(Seam seam) {}
}
