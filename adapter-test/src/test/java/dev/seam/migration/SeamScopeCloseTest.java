package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamScope;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SeamScope#close()} waits for the work behind its calls, whatever happened to them. */
@ExtendWith(SeamLeakCheck.class)
class SeamScopeCloseTest {
  private static Seam seam(String name) {
    return Seam.builder(name)
        .maxConcurrency(2)
        .interruptOnCancel(false)
        .clock(new ManualClock())
        .build();
  }

  @Test
  void closeOnAnInterruptedThreadStillWaitsForRunningWorkAndKeepsTheInterrupt() throws Exception {
    BlockingCall work = BlockingCall.untilCancelledAndReleased();
    try (Seam db = seam("db")) {
      SeamScope scope = db.scope();
      CompletableFuture<String> call = scope.call(work::run);
      work.awaitStarted();
      Thread releaser = work.releaseWhenParked(Thread.currentThread());

      Thread.currentThread().interrupt();
      scope.close();
      boolean stillInterrupted = Thread.interrupted();

      assertThat(work.hasReturned()).isTrue();
      assertThat(stillInterrupted).isTrue();
      assertThat(call).isCancelled();
      releaser.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void closeWaitsForTheWorkOfACallWhoseHolderCompletedItsFuture() throws Exception {
    BlockingCall work = BlockingCall.untilCancelledAndReleased();
    try (Seam db = seam("db")) {
      SeamScope scope = db.scope();
      CompletableFuture<String> call = scope.call(work::run);
      work.awaitStarted();
      assertThat(call.complete("from the holder")).isTrue();
      scope.join();
      Thread releaser = work.releaseWhenParked(Thread.currentThread());

      scope.close();

      assertThat(work.hasReturned()).isTrue();
      assertThat(scope.failure()).isEmpty();
      releaser.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void closeAfterAFailureWaitsForTheCancelledSiblingsToReturn() throws Exception {
    BlockingCall sibling = BlockingCall.untilCancelledAndReleased();
    try (Seam db = seam("db")) {
      SeamScope scope = db.scope();
      CompletableFuture<String> slow = scope.call(sibling::run);
      sibling.awaitStarted();
      CompletableFuture<Object> failing =
          scope.call(
              () -> {
                throw new IOException("boom");
              });
      assertThatThrownBy(scope::join).isInstanceOf(SeamCallException.class);
      assertThat(slow).isCancelled();
      Thread releaser = sibling.releaseWhenParked(Thread.currentThread());

      scope.close();

      assertThat(sibling.hasReturned()).isTrue();
      assertThat(failing).isCompletedExceptionally();
      releaser.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void closeNeverThrowsAndStillCancelsTheOthersWhenOneFutureRefusesCancel() throws Exception {
    CompletableFuture<Object> refusing =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            throw new UnsupportedOperationException("this future cannot be cancelled");
          }
        };
    Seam stubborn = mock(Seam.class);
    when(stubborn.<Object>call(any(CallOptions.class), any())).thenReturn(refusing);
    BlockingCall sibling = BlockingCall.untilCancelled();
    try (Seam db = seam("db")) {
      SeamScope scope = SeamScope.open();
      CompletableFuture<String> running = scope.call(db, CallOptions.defaults(), sibling::run);
      sibling.awaitStarted();
      assertThat(scope.call(stubborn, () -> "never")).isSameAs(refusing);

      assertThatCode(scope::close).doesNotThrowAnyException();

      assertThat(running).isCancelled();
      assertThat(sibling.hasReturned()).isTrue();
    }
  }
}
