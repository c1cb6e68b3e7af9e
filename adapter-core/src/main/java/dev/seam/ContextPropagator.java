package dev.seam;

/**
 * Carries one kind of thread-bound context (MDC, a tracing context, a {@link ThreadLocal}) from the
 * thread that submits a call to the worker that runs it, and restores the worker afterwards.
 *
 * <p>{@link #capture()} runs on the submitting thread. {@link #install(Object)} runs on the thread
 * that runs the call, or that completes its future, and the returned {@link Scope} is closed on
 * that same thread, restoring whatever it held before: a worker never keeps one caller's context
 * into the next call. Implementations must be thread-safe; the built-in ones are in {@link
 * Propagators}.
 *
 * <p>A propagator that throws fails only the call it belongs to: in {@code capture}, the returned
 * future fails with {@link SeamContextException} (and {@code call} still does not throw); in {@code
 * install}, the same, after the propagators installed before it were restored, and the call does
 * not run; in a scope's {@code close}, the call's outcome stands, the other propagators are still
 * restored, and a WARN names it. The seam, its permits and its workers are unaffected.
 *
 * @param <C> the captured value
 * @since 0.1
 */
public interface ContextPropagator<C> {

  /**
   * Captures the current thread's context. Called once per submitted call.
   *
   * @return the captured value; null is allowed and means "no context"
   */
  C capture();

  /**
   * Makes {@code captured} the current thread's context.
   *
   * @param captured a value returned by {@link #capture()}, possibly null
   * @return a scope that restores the thread's previous context when closed
   */
  Scope install(C captured);

  /**
   * Restores a thread's previous context. Closed exactly once, on the thread that installed it.
   *
   * @since 0.1
   */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Restores the previous context. Must not throw. */
    @Override
    void close();
  }
}
