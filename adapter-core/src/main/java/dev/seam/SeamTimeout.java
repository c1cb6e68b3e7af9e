package dev.seam;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * The deadline of calls made through an async interface built by {@link Seam#adapt}, counted from
 * submission like every seam deadline. On a method it sets that method's deadline; on the interface
 * it sets the deadline of every method that has none of its own. Without it, calls take the seam's
 * default timeout.
 *
 * <pre>{@code
 * interface AsyncOrders {
 *   @SeamTimeout(300) // milliseconds
 *   CompletableFuture<Order> find(long id);
 *
 *   @SeamTimeout(value = 5, unit = ChronoUnit.SECONDS)
 *   CompletableFuture<Void> archive(long id);
 * }
 * }</pre>
 *
 * <p>The value is checked when the proxy is built: zero, a negative value or a unit without a fixed
 * length ({@code MONTHS}) fails {@link Seam#adapt} with a message naming the method. A timeout
 * longer than {@code Long.MAX_VALUE} nanoseconds (about 292 years), such as {@code value =
 * Long.MAX_VALUE, unit = SECONDS}, is capped at that: a deadline that never comes in practice, with
 * no overflow at any call.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SeamTimeout {

  /**
   * The timeout, in {@link #unit()}s; positive. Values beyond {@code Long.MAX_VALUE} nanoseconds
   * are capped there.
   *
   * @return the amount
   */
  long value();

  /**
   * The unit of {@link #value()}. Default milliseconds.
   *
   * @return the unit
   */
  ChronoUnit unit() default ChronoUnit.MILLIS;
}
