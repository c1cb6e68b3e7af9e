package dev.seam.spring.boot.internal;

import dev.seam.Seam;
import dev.seam.spring.boot.SeamAdapter;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Registers a bean for each {@link SeamAdapter} interface in the application's packages (those
 * {@link AutoConfigurationPackages} knows, as Spring Data does for repositories), named after the
 * interface ({@code asyncPricing}), unless the application declares a bean of that type itself.
 *
 * <p>The bean is {@link Seam#adapt} of the target bean on the lane, made when the context creates
 * its singletons: every problem (no such lane, no single target, a method that does not fit) fails
 * that creation with a {@link SeamAdapterDeclarationException} naming the interface and methods.
 * The adapter is registered as depending on its lane, so it is destroyed before the lane closes.
 */
public final class SeamAdapterRegistrar
    implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, ResourceLoaderAware {
  private Environment environment;
  private ResourceLoader resourceLoader;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    if (!(registry instanceof ConfigurableListableBeanFactory factory)
        || !AutoConfigurationPackages.has(factory)) {
      return;
    }
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment) {
          @Override
          protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
            return definition.getMetadata().isInterface()
                && definition.getMetadata().isIndependent();
          }
        };
    scanner.setResourceLoader(resourceLoader);
    scanner.addIncludeFilter(new AnnotationTypeFilter(SeamAdapter.class));
    for (String pkg : AutoConfigurationPackages.get(factory)) {
      for (BeanDefinition found : scanner.findCandidateComponents(pkg)) {
        Class<?> type =
            ClassUtils.resolveClassName(found.getBeanClassName(), factory.getBeanClassLoader());
        if (factory.getBeanNamesForType(type, true, false).length > 0) {
          continue; // the application's own bean of this type, as a test's mock, wins
        }
        String name = StringUtils.uncapitalize(type.getSimpleName());
        RootBeanDefinition def = adapterDefinition(factory, type, name);
        registry.registerBeanDefinition(name, def);
      }
    }
  }

  private static <A> RootBeanDefinition adapterDefinition(
      ConfigurableListableBeanFactory factory, Class<A> type, String name) {
    RootBeanDefinition def = new RootBeanDefinition(type, () -> adapt(factory, type, name));
    def.setResourceDescription("@SeamAdapter interface " + type.getName());
    return def;
  }

  private static <A> A adapt(ConfigurableListableBeanFactory factory, Class<A> type, String name) {
    SeamAdapter declared = type.getAnnotation(SeamAdapter.class);
    String lane = declared.lane();
    if (!factory.containsBean(lane) || !factory.isTypeMatch(lane, Seam.class)) {
      throw new SeamAdapterDeclarationException(
          type,
          "lane '"
              + lane
              + "' is no Seam bean (the lanes are "
              + Arrays.toString(factory.getBeanNamesForType(Seam.class, true, false))
              + "; declare it as seam.lanes."
              + lane
              + ".*)");
    }
    Object target = target(factory, type, declared);
    Seam seam = factory.getBean(lane, Seam.class);
    factory.registerDependentBean(lane, name);
    try {
      return Seam.adapt(type, target, seam);
    } catch (IllegalArgumentException e) {
      throw new SeamAdapterDeclarationException(type, e.getMessage());
    }
  }

  private static Object target(
      ConfigurableListableBeanFactory factory, Class<?> type, SeamAdapter declared) {
    Class<?> targetType = declared.target();
    String named = declared.targetBean();
    if (!named.isEmpty()) {
      if (!factory.containsBean(named) || !factory.isTypeMatch(named, targetType)) {
        throw new SeamAdapterDeclarationException(
            type, "target bean '" + named + "' is no bean of type " + targetType.getName());
      }
      return factory.getBean(named);
    }
    ObjectProvider<?> provider = factory.getBeanProvider(targetType);
    Object target = provider.getIfUnique();
    if (target == null) {
      throw new SeamAdapterDeclarationException(
          type,
          "target "
              + targetType.getName()
              + " is not one bean (found "
              + Arrays.toString(factory.getBeanNamesForType(targetType, true, false))
              + "; name one with targetBean)");
    }
    return target;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // Everything happens on the registry.
  }
}
