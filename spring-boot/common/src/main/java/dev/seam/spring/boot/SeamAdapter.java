package dev.seam.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an async interface whose calls run a sync bean's methods on a Seam lane: {@link
 * dev.seam.Seam#adapt(Class, Object, dev.seam.Seam)} as a bean. The interface is all the code; the
 * starter finds it in the application's packages (those of {@code @SpringBootApplication}, as for
 * Spring Data repositories) and registers a bean of its type.
 *
 * <pre>{@code
 * @SeamAdapter(lane = "pricing", target = LegacyPricing.class)
 * public interface AsyncPricing {
 *   @SeamTimeout(300)
 *   CompletableFuture<Long> priceOf(String sku); // LegacyPricing: long priceOf(String sku)
 * }
 * }</pre>
 *
 * <p>Each abstract method returns a {@link java.util.concurrent.CompletableFuture} or {@link
 * java.util.concurrent.CompletionStage} and calls the target's method of the same name and
 * parameters on the lane, with what {@code Seam.adapt} gives every call: the lane's bound, a
 * deadline from the call ({@link dev.seam.SeamTimeout} on the method or the interface, else the
 * lane's {@code timeout}), cancellation that interrupts the sync method, and the caller's context
 * (MDC, tracing, Spring Security).
 *
 * <h2>Checked at start-up</h2>
 *
 * The bean is created with the context: a lane that is no {@code Seam} bean, no single bean of
 * {@link #target()}, or a method that does not fit (a return type other than a future, no matching
 * sync method, a sync return type that does not fit the future's) fails the context with a report
 * naming the interface and each such method.
 *
 * <p>A bean of the interface's type that the application declares itself (a test's mock, for
 * example) replaces the one the starter would register.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SeamAdapter {

  /**
   * The lane the sync calls run on: the bean name of a {@link dev.seam.Seam}, such as a lane of
   * {@code seam.lanes.<name>} or {@code <dataSource>Seam}.
   *
   * @return the lane's bean name
   */
  String lane();

  /**
   * The type of the sync bean whose methods the interface's calls run: there must be one bean of
   * it, or a primary one, unless {@link #targetBean()} names it.
   *
   * @return the sync bean's type
   */
  Class<?> target();

  /**
   * The sync bean's name, when several beans have the {@link #target()} type. Default: none (by
   * type).
   *
   * @return the bean name, or empty
   */
  String targetBean() default "";
}
