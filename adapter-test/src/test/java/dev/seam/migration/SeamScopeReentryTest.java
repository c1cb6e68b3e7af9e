package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamScope;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A scope used from inside one of its own calls, or from a stage that runs inside one. */
@ExtendWith(SeamLeakCheck.class)
class SeamScopeReentryTest {
  /** Shorter than the 10 seconds close waits for a call that does not return. */
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void closeInAStageRunningInsideACallDoesNotWaitForThatCall() throws Exception {
    CountDownLatch stageAttached = new CountDownLatch(1);
    CompletableFuture<Void> closedInStage = new CompletableFuture<>();
    try (Seam db =
            Seam.builder("db")
                .maxConcurrency(1)
                .maxQueued(0)
                .interruptOnCancel(false)
                .clock(new ManualClock())
                .build();
        SeamScope scope = db.scope()) {
      CompletableFuture<CompletableFuture<String>> nested = new CompletableFuture<>();
      // The outer call holds the only permit, so its nested call is rejected on its own worker:
      // the scope fails there, cancels the outer call, and the outer call's stages run inside it.
      CompletableFuture<String> outer =
          scope.call(
              () -> {
                if (!stageAttached.await(10, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("stage never attached");
                }
                nested.complete(scope.call(() -> "nested"));
                return "outer";
              });
      CompletableFuture<String> unused =
          outer.whenComplete(
              (value, error) -> {
                scope.close();
                closedInStage.complete(null);
              });
      stageAttached.countDown();

      assertThat(closedInStage).succeedsWithin(WAIT);
      assertThat(outer).isCancelled();
      assertThat(nested)
          .succeedsWithin(WAIT)
          .satisfies(f -> assertThat(f).isCompletedExceptionally());
      assertThat(scope.failure()).get().isInstanceOf(SeamRejectedException.class);
    }
  }

  @Test
  void joinInsideACallOfTheScopeFailsInsteadOfWaitingForItself() throws Exception {
    try (Seam db = Seam.builder("db").interruptOnCancel(false).clock(new ManualClock()).build();
        SeamScope scope = db.scope()) {
      CompletableFuture<String> call =
          scope.call(
              () -> {
                scope.join();
                return "joined";
              });

      assertThat(call)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamCallException.class)
          .havingRootCause()
          .isInstanceOf(IllegalStateException.class)
          .withMessageContaining("inside one of the scope's own calls");
    }
  }
}
