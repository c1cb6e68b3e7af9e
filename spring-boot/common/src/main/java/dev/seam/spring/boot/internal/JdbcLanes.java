package dev.seam.spring.boot.internal;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.jdbc.AsyncJdbc;
import dev.seam.spring.boot.SeamProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * The JDBC part of {@link LaneRegistrar}, in a class of its own so that {@code seam-jdbc} is loaded
 * only when it is on the class path.
 */
final class JdbcLanes {
  private JdbcLanes() {}

  /**
   * Registers the lane and the {@link AsyncJdbc} of one data source.
   *
   * @param registry where the definitions go
   * @param factory where the data source and customizers come from
   * @param ds the data source's bean name
   * @param lane the lane's properties (empty ones if none were set)
   */
  static void register(
      BeanDefinitionRegistry registry,
      ConfigurableListableBeanFactory factory,
      String ds,
      SeamProperties.Lane lane) {
    String seamBean = ds + "Seam";
    String jdbcBean = ds + "AsyncJdbc";
    RootBeanDefinition seamDef =
        LaneRegistrar.laneDefinition(
            factory, ds, () -> LaneOptions.apply(lane, sizedFromPool(ds, factory)));
    seamDef.setDependsOn(ds);
    boolean primary = factory.getBeanDefinition(ds).isPrimary();
    seamDef.setPrimary(primary);
    registry.registerBeanDefinition(seamBean, seamDef);

    RootBeanDefinition jdbcDef =
        new RootBeanDefinition(
            AsyncJdbc.class,
            () ->
                AsyncJdbc.builder(
                        factory.getBean(ds, DataSource.class),
                        factory.getBean(seamBean, Seam.class))
                    .build());
    jdbcDef.addQualifier(new AutowireCandidateQualifier(Qualifier.class, ds));
    jdbcDef.setDependsOn(ds, seamBean);
    jdbcDef.setDestroyMethodName("close");
    jdbcDef.setPrimary(primary);
    jdbcDef.setRole(BeanDefinition.ROLE_APPLICATION);
    registry.registerBeanDefinition(jdbcBean, jdbcDef);
  }

  // A HikariCP pool (or a wrapper of one) gives its size; another pool keeps the seam's default
  // concurrency, or the lane's max-concurrency, with interrupts off as for any JDBC lane.
  private static SeamBuilder sizedFromPool(String ds, ConfigurableListableBeanFactory factory) {
    DataSource pool = factory.getBean(ds, DataSource.class);
    try {
      return AsyncJdbc.seamFor(ds, pool);
    } catch (IllegalArgumentException unknownSize) {
      return Seam.builder(ds).interruptOnCancel(false);
    }
  }
}
