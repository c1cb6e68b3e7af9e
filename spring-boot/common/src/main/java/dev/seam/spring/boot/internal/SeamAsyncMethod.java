package dev.seam.spring.boot.internal;

import dev.seam.SeamTimeout;
import dev.seam.spring.boot.SeamAsync;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * What a {@code @SeamAsync} method declares: its lane and its timeout (null: the lane's default).
 *
 * @param lane the lane's bean name
 * @param timeout the per-call deadline, or null
 */
record SeamAsyncMethod(String lane, Duration timeout) {
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Reads a method's declaration, checking what does not need the bean factory.
   *
   * @param method a method carrying {@code @SeamAsync}
   * @return the declaration
   * @throws SeamAsyncDeclarationException naming the method and what is wrong
   */
  static SeamAsyncMethod of(Method method) {
    SeamAsync async = AnnotationUtils.findAnnotation(method, SeamAsync.class);
    if (async == null) {
      throw new SeamAsyncDeclarationException(method, "it carries no @SeamAsync");
    }
    Class<?> type = method.getReturnType();
    if (type != CompletableFuture.class && type != CompletionStage.class) {
      throw new SeamAsyncDeclarationException(
          method,
          "it returns "
              + type.getName()
              + ", and a @SeamAsync method must return CompletableFuture or CompletionStage");
    }
    int modifiers = method.getModifiers();
    if (Modifier.isPrivate(modifiers)
        || Modifier.isFinal(modifiers)
        || Modifier.isStatic(modifiers)) {
      throw new SeamAsyncDeclarationException(
          method,
          "it is "
              + Modifier.toString(modifiers & (Modifier.PRIVATE | Modifier.FINAL | Modifier.STATIC))
              + ", so no proxy can run it on lane '"
              + async.value()
              + "'");
    }
    if (async.value().isBlank()) {
      throw new SeamAsyncDeclarationException(method, "its lane name is blank");
    }
    return new SeamAsyncMethod(async.value(), timeout(method));
  }

  private static Duration timeout(Method method) {
    SeamTimeout timeout = AnnotationUtils.findAnnotation(method, SeamTimeout.class);
    if (timeout == null) {
      timeout = AnnotationUtils.findAnnotation(method.getDeclaringClass(), SeamTimeout.class);
    }
    if (timeout == null) {
      return null;
    }
    ChronoUnit unit = timeout.unit();
    if (timeout.value() <= 0 || unit.isDurationEstimated()) {
      throw new SeamAsyncDeclarationException(
          method,
          "its @SeamTimeout("
              + timeout.value()
              + ", "
              + unit
              + ") is not a positive time of fixed length");
    }
    try {
      Duration d = unit.getDuration().multipliedBy(timeout.value());
      return d.compareTo(FOREVER) > 0 ? FOREVER : d;
    } catch (ArithmeticException tooLong) {
      return FOREVER;
    }
  }
}
