package dev.seam.spring.boot;

import dev.seam.Seam;
import dev.seam.spring.boot.internal.LaneRegistrar;
import dev.seam.spring.boot.internal.SeamAdapterRegistrar;
import dev.seam.spring.boot.internal.SeamAsyncPostProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Seams from properties: a {@link Seam} bean per {@code seam.lanes.<name>} (see {@link
 * SeamProperties}), and for each {@code DataSource} bean, when {@code seam-jdbc} is present, a lane
 * sized from its pool and an {@code AsyncJdbc}.
 *
 * <h2>Beans</h2>
 *
 * <ul>
 *   <li>{@code <lane>}: a {@link Seam}, qualified {@code @Qualifier("<lane>")}.
 *   <li>{@code <dataSource>Seam} and {@code <dataSource>AsyncJdbc}: the lane and the {@code
 *       AsyncJdbc} of the {@code DataSource} bean {@code <dataSource>}, both qualified by its name
 *       and primary when it is.
 *   <li>{@code seamAsyncPostProcessor}: runs the bodies of {@link SeamAsync} methods on their
 *       lanes.
 *   <li>{@code <adapter>}: for each {@link SeamAdapter} interface in the application's packages
 *       ({@code AsyncPricing}: {@code asyncPricing}), the async view of its sync target bean.
 * </ul>
 *
 * <h2>Lifecycle</h2>
 *
 * Lanes start with the context. At shutdown Spring first stops the lifecycle beans (the web server
 * stops taking requests), then destroys the singletons: each lane is closed (no new calls, a grace
 * for those in flight, then cancel) before any {@code DataSource}, on which every lane depends.
 *
 * @since 0.1
 */
@AutoConfiguration
@ConditionalOnClass(Seam.class)
@EnableConfigurationProperties(SeamProperties.class)
public class SeamAutoConfiguration {

  /**
   * Registers the lanes once every bean definition is known.
   *
   * @return the registrar
   */
  @Bean
  static LaneRegistrar seamLaneRegistrar() {
    return new LaneRegistrar();
  }

  /**
   * Registers a bean for each {@link SeamAdapter} interface in the application's packages.
   *
   * @return the registrar
   */
  @Bean
  static SeamAdapterRegistrar seamAdapterRegistrar() {
    return new SeamAdapterRegistrar();
  }

  /**
   * Runs the bodies of {@link SeamAsync} methods on their lanes, after checking each such method.
   *
   * @return the post-processor
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static SeamAsyncPostProcessor seamAsyncPostProcessor() {
    return new SeamAsyncPostProcessor();
  }
}
