package dev.seam.spring.boot.internal;

import dev.seam.Seam;
import dev.seam.spring.boot.SeamAsync;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Proxies each bean that has {@link SeamAsync} methods so that their bodies run on their lanes,
 * after checking every such method of the bean: a missing lane, a wrong return type, a method or
 * class a proxy cannot intercept, or a bad {@code @SeamTimeout} fails the bean's creation with a
 * {@link SeamAsyncDeclarationException} naming the method.
 *
 * <p>Like Spring's {@code @Async} post-processor, the interceptor goes before any advice the bean
 * already has, so that {@code @Transactional} and method security run on the worker, where the body
 * runs. The proxy is a class-based (CGLIB) one, so the bean is still injectable by its class.
 */
public final class SeamAsyncPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
  private static final long serialVersionUID = 1L;

  private transient ListableBeanFactory beans;

  /** Creates the post-processor; the advisor is made once the bean factory is known. */
  public SeamAsyncPostProcessor() {
    setBeforeExistingAdvisors(true);
    setProxyTargetClass(true);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    if (!(beanFactory instanceof ListableBeanFactory listable)) {
      throw new IllegalStateException(
          "@SeamAsync needs a ListableBeanFactory, not " + beanFactory.getClass());
    }
    this.beans = listable;
    this.advisor =
        new DefaultPointcutAdvisor(
            new AnnotationMatchingPointcut(null, SeamAsync.class, true),
            new SeamAsyncInterceptor(beanFactory));
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    check(AopUtils.getTargetClass(bean));
    return super.postProcessAfterInitialization(bean, beanName);
  }

  private void check(Class<?> type) {
    if (!AnnotationUtils.isCandidateClass(type, SeamAsync.class)) {
      return; // JDK and Spring types, for example: skip the method scan
    }
    List<Method> annotated = new ArrayList<>();
    for (Method m :
        ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
      if (AnnotationUtils.findAnnotation(m, SeamAsync.class) != null) {
        annotated.add(m);
      }
    }
    for (Method m : annotated) {
      SeamAsyncMethod declared = SeamAsyncMethod.of(m);
      if (Modifier.isFinal(type.getModifiers())) {
        throw new SeamAsyncDeclarationException(
            m, "its class " + type.getName() + " is final, so no proxy can run it on a lane");
      }
      String lane = declared.lane();
      if (!beans.containsBean(lane) || !beans.isTypeMatch(lane, Seam.class)) {
        throw new SeamAsyncDeclarationException(
            m,
            "lane '"
                + lane
                + "' is no Seam bean (the lanes are "
                + Arrays.toString(beans.getBeanNamesForType(Seam.class, true, false))
                + "; declare it as seam.lanes."
                + lane
                + ".*)");
      }
    }
  }
}
