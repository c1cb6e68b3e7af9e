package dev.seam;

/**
 * A blocking call that runs on a seam worker and may use its {@link CallContext}: read the time
 * left, register cancel hooks, check for cancellation.
 *
 * @param <T> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface SeamCallable<T> {
  /**
   * Runs the call on a seam worker thread.
   *
   * @param call this call's context, valid until the method returns
   * @return the result that completes the call's future
   * @throws Exception any failure; it becomes the cause of the future's {@link SeamCallException}
   */
  T call(CallContext call) throws Exception;
}
