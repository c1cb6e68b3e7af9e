package dev.seam.spring.boot.internal;

import dev.seam.Seam;
import dev.seam.SeamBuilder;
import dev.seam.spring.boot.SeamLaneCustomizer;
import dev.seam.spring.boot.SeamProperties;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Turns {@code seam.lanes.*} and the {@code DataSource} beans into bean definitions: one {@link
 * Seam} per lane (bean name and qualifier: the lane's name), and for each data source a lane named
 * after it (bean {@code <dataSource>Seam}) and an {@code AsyncJdbc} (bean {@code
 * <dataSource>AsyncJdbc}), both qualified by the data source's bean name. In a Spring MVC
 * application with {@code seam-sse}, a lane {@code sse} for streams exists even if the properties
 * do not declare it.
 *
 * <p>A {@code Seam} bean the application declares under a lane's name replaces that lane: a test
 * swaps a lane for a {@code RecordingSeam} or an {@code ImmediateSeam} of {@code seam-test} that
 * way, with no change to production code.
 *
 * <p>Runs once all bean definitions are known, so it sees every {@code DataSource}, and checks
 * every property before any bean is created: a bad value fails start-up at once with a {@link
 * LanePropertyException}. Every lane depends on every data source, so that at shutdown the lanes
 * close (draining their calls) before any pool does, and after the web server stopped, which Spring
 * stops with the other lifecycle beans before it destroys singletons.
 */
public final class LaneRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
  static final String ASYNC_JDBC = "dev.seam.jdbc.AsyncJdbc";
  static final String SSE_ENDPOINT = "dev.seam.sse.SseEndpoint";
  static final String SSE_LANE = "sse";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory factory)) {
      throw new IllegalStateException(
          "Seam lanes need a ConfigurableListableBeanFactory, not " + registry.getClass());
    }
    SeamProperties props =
        Binder.get(environment).bind("seam", SeamProperties.class).orElseGet(SeamProperties::new);
    props.getLanes().forEach(LaneOptions::check);

    String[] dataSources = factory.getBeanNamesForType(DataSource.class, true, false);
    Map<String, SeamProperties.Lane> plain = new LinkedHashMap<>(props.getLanes());
    boolean jdbc =
        props.getJdbc().isEnabled()
            && ClassUtils.isPresent(ASYNC_JDBC, factory.getBeanClassLoader());
    if (jdbc) {
      for (String ds : dataSources) {
        SeamProperties.Lane lane = removeMatching(plain, ds);
        JdbcLanes.register(registry, factory, ds, lane);
      }
    }
    // Streams from MVC controllers need a lane: give them one with the defaults unless the
    // properties declare it. Spring MVC's DispatcherServlet bean says this is such an application.
    if (ClassUtils.isPresent(SSE_ENDPOINT, factory.getBeanClassLoader())
        && registry.containsBeanDefinition("dispatcherServlet")
        && plain.keySet().stream().noneMatch(k -> canonical(k).equals(SSE_LANE))
        && !registry.containsBeanDefinition(SSE_LANE)) {
      plain.put(SSE_LANE, new SeamProperties.Lane());
    }
    for (Map.Entry<String, SeamProperties.Lane> e : plain.entrySet()) {
      String name = e.getKey();
      if (registry.containsBeanDefinition(name) && factory.isTypeMatch(name, Seam.class)) {
        continue; // a Seam declared under the lane's name replaces it, as a test's RecordingSeam
      }
      if (registry.containsBeanDefinition(name)) {
        throw new LanePropertyException(
            "seam.lanes." + name,
            name,
            "a name no other bean has (a bean named '"
                + name
                + "' exists already: "
                + registry.getBeanDefinition(name).getResourceDescription()
                + ")");
      }
      SeamProperties.Lane lane = e.getValue();
      RootBeanDefinition def =
          laneDefinition(factory, name, () -> LaneOptions.apply(lane, Seam.builder(name)));
      def.setDependsOn(dataSources);
      registry.registerBeanDefinition(name, def);
    }
  }

  /**
   * A bean definition of a lane: built from {@code builder}, customized, closed on destroy.
   *
   * @param factory where the customizers are
   * @param name the lane's name, also its qualifier
   * @param builder makes the builder when the bean is created
   * @return the definition
   */
  static RootBeanDefinition laneDefinition(
      ConfigurableListableBeanFactory factory, String name, Supplier<SeamBuilder> builder) {
    RootBeanDefinition def =
        new RootBeanDefinition(Seam.class, () -> build(factory, name, builder.get()));
    def.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
    def.setDestroyMethodName("close");
    return def;
  }

  private static Seam build(
      ConfigurableListableBeanFactory factory, String name, SeamBuilder builder) {
    var customizers = factory.getBeanProvider(SeamLaneCustomizer.class).orderedStream().toList();
    customizers.forEach(c -> c.customize(name, builder));
    Seam seam = builder.build();
    try {
      customizers.forEach(c -> c.built(seam));
    } catch (RuntimeException e) {
      seam.close();
      throw e;
    }
    return seam;
  }

  // Property keys may be spelled orders-db, ordersDb or ORDERSDB; bean names are as declared.
  // Two spellings of one lane would each set some options: refuse rather than pick one.
  private static SeamProperties.Lane removeMatching(
      Map<String, SeamProperties.Lane> lanes, String beanName) {
    List<String> keys =
        lanes.keySet().stream().filter(k -> canonical(k).equals(canonical(beanName))).toList();
    if (keys.size() > 1) {
      throw new LanePropertyException(
          "seam.lanes." + keys.get(1),
          keys.get(1),
          "spelled one way only: seam.lanes." + keys.get(0) + " names the same lane");
    }
    return keys.isEmpty() ? new SeamProperties.Lane() : lanes.remove(keys.get(0));
  }

  private static String canonical(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // Everything happens on the registry.
  }

  @Override
  public String toString() {
    return "LaneRegistrar" + Arrays.asList("seam.lanes.*", "DataSource");
  }
}
