package dev.seam;

/**
 * An action that makes a running blocking call stop: {@code Statement::cancel}, {@code
 * HttpURLConnection::disconnect}, {@code Call::cancel}, closing a socket.
 *
 * <p>Hooks run at most once, never on the worker running the call: on a seam's cancel thread
 * ({@code seam-<name>-cancel-<n>}), after the call's future has completed and before the worker is
 * interrupted, without waiting for the future's dependent stages. Once {@link Seam#close()} has
 * stopped the cancel threads, a hook registered by a call that outlived close runs on the thread
 * that registers it. Inside an {@linkplain CallContext#uncancellable uncancellable region} hooks
 * wait for the region to end. A hook that throws is logged and does not stop the others.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CancelHook {
  /**
   * Makes the call stop.
   *
   * @throws Exception logged at WARN with the seam's name; other hooks still run
   */
  void cancel() throws Exception;
}
