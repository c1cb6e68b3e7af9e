package dev.seam.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method's body on a Seam lane: the bounded, deadline-keeping, cancellable counterpart
 * of Spring's {@code @Async}. The method returns a {@link java.util.concurrent.CompletableFuture}
 * or a {@link java.util.concurrent.CompletionStage}; the caller gets the lane's future at once, and
 * the body runs on one of the lane's workers.
 *
 * <pre>{@code
 * @Service
 * class Reports {
 *   @SeamAsync("reports-db")
 *   @SeamTimeout(value = 2, unit = ChronoUnit.SECONDS)
 *   public CompletableFuture<Report> monthly(YearMonth month) {
 *     return CompletableFuture.completedFuture(legacyReports.build(month)); // blocking
 *   }
 * }
 * }</pre>
 *
 * <h2>What the call gets</h2>
 *
 * <ul>
 *   <li><b>A bound.</b> The lane admits at most its {@code max-concurrency} bodies and queues at
 *       most {@code max-queued}; beyond that the future fails with a {@link
 *       dev.seam.SeamRejectedException}. Nothing runs on the caller's thread.
 *   <li><b>A deadline from the call.</b> {@link dev.seam.SeamTimeout} on the method (or on its
 *       class, for every method without its own) sets it; otherwise the lane's {@code timeout}. It
 *       starts when the proxy is called: time spent waiting in the queue counts, and a body whose
 *       deadline passed while queued never starts.
 *   <li><b>Cancellation.</b> Cancelling the returned future, or a stage derived from it, or the
 *       deadline passing, completes it at once; then the hooks the body registered through {@link
 *       SeamAsyncCall#context()} run (off the worker), then the worker is interrupted (unless the
 *       lane's {@code interrupt-on-cancel} is false).
 *   <li><b>The caller's context.</b> MDC, OpenTelemetry and whatever is registered with
 *       Micrometer's context-propagation (tracing, Spring Security) are installed on the worker for
 *       the body.
 * </ul>
 *
 * <p>The body's own return value is a future too, by the method's signature: typically {@code
 * CompletableFuture.completedFuture(result)}. The worker waits for it within the deadline and
 * completes the caller's future with its result; a body that throws, or returns a failed future,
 * fails the caller's future with a {@link dev.seam.SeamCallException} whose cause is that failure.
 *
 * <h2>Checked at start-up</h2>
 *
 * When a bean with such a method is created, a lane that is no {@code Seam} bean, a return type
 * other than {@code CompletableFuture} or {@code CompletionStage}, a method a proxy cannot
 * intercept (private, final, static) or a bad {@code @SeamTimeout} fails the context, with a report
 * naming the method.
 *
 * <h2>Limits (as with {@code @Async})</h2>
 *
 * The body runs on the lane only when called through the bean's proxy, that is, from another bean.
 * A call from the same object ({@code this.monthly(...)}, self-invocation) runs the body on the
 * calling thread, with no bound, deadline or cancellation. The proxy is a subclass of the bean's
 * class, so the class must not be final.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SeamAsync {

  /**
   * The lane the body runs on: the bean name of a {@link dev.seam.Seam}, such as a lane of {@code
   * seam.lanes.<name>} or {@code <dataSource>Seam}.
   *
   * @return the lane's bean name
   */
  String value();
}
