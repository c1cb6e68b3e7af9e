package dev.seam.spring.boot;

import dev.seam.CallContext;
import dev.seam.spring.boot.internal.SeamAsyncInterceptor;
import java.util.Optional;

/**
 * The call a {@link SeamAsync} method's body runs in, for the body (or code it calls on the same
 * thread) to register a cancel hook or read its remaining time.
 *
 * <pre>{@code
 * @SeamAsync("legacy")
 * public CompletableFuture<Integer> count() throws SQLException {
 *   try (Statement st = connection.createStatement()) {
 *     SeamAsyncCall.context().ifPresent(call -> call.onCancel(st::cancel));
 *     return CompletableFuture.completedFuture(count(st));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class SeamAsyncCall {
  private SeamAsyncCall() {}

  /**
   * The current thread's {@link SeamAsync} call, while its body runs on the lane's worker.
   *
   * @return the call's context, or empty on any other thread or outside the body
   */
  public static Optional<CallContext> context() {
    return Optional.ofNullable(SeamAsyncInterceptor.current());
  }
}
