package dev.seam.migration;

import dev.seam.SeamScope;
import java.util.concurrent.CompletableFuture;

/** Runs {@link SeamScope#join()} on its own thread, so a join that never returns fails a test. */
final class ScopeJoin {
  private ScopeJoin() {}

  /**
   * Starts joining {@code scope} on a new daemon thread.
   *
   * @return completes when join returns, or with what it threw
   */
  static CompletableFuture<Void> inBackground(SeamScope scope) {
    CompletableFuture<Void> joined = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                scope.join();
                joined.complete(null);
              } catch (Throwable e) { // whatever join throws is what the test looks at
                joined.completeExceptionally(e);
              }
            },
            "test-join");
    t.setDaemon(true);
    t.start();
    return joined;
  }
}
