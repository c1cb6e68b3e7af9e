package dev.seam.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class ListenableFuturesTest {

  @Test
  void cancellingTheListenableCancelsTheSeamCallAndRunsItsHooks() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch hookRan = new CountDownLatch(1);
    try (Seam seam = Seam.builder("legacy").interruptOnCancel(false).build()) {
      CompletableFuture<String> call =
          seam.call(
              Duration.ofSeconds(30),
              c -> {
                c.onCancel(hookRan::countDown);
                started.countDown();
                hookRan.await();
                return "late";
              });
      ListenableFuture<String> listenable = ListenableFutures.toListenable(call);
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

      assertThat(listenable.cancel(true)).isTrue();
      assertThat(call).isCancelled();
      assertThat(hookRan.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void seamResultsAndFailuresReachTheListenableUnwrapped() throws Exception {
    IOException boom = new IOException("boom");
    try (Seam seam = ImmediateSeam.create("legacy")) {
      assertThat(ListenableFutures.toListenable(seam.call(() -> 42)).get()).isEqualTo(42);
      ListenableFuture<Object> failed =
          ListenableFutures.toListenable(
              seam.call(
                  () -> {
                    throw boom;
                  }));
      ExecutionException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              ExecutionException.class, failed::get);
      assertThat(e.getCause()).isInstanceOf(SeamCallException.class).hasCause(boom);
    }
  }

  @Test
  void seamCancellationLeavesTheListenableCancelled() {
    CompletableFuture<String> source = new CompletableFuture<>();
    ListenableFuture<String> listenable = ListenableFutures.toListenable(source);
    source.cancel(true);
    assertThat(listenable.isCancelled()).isTrue();
  }

  @Test
  void cancellingTheCompletableCancelsTheListenableSource() {
    SettableFuture<String> source = SettableFuture.create();
    CompletableFuture<String> completable = ListenableFutures.toCompletable(source);
    assertThat(completable.cancel(true)).isTrue();
    assertThat(source.isCancelled()).isTrue();
  }

  @Test
  void timingOutTheCompletableCancelsTheListenableSource() {
    SettableFuture<String> source = SettableFuture.create();
    CompletableFuture<String> completable = ListenableFutures.toCompletable(source);
    completable.completeExceptionally(new TimeoutException("gave up"));
    assertThat(source.isCancelled()).isTrue();
  }

  @Test
  void listenableResultsFailuresAndCancellationReachTheCompletable() {
    SettableFuture<String> ok = SettableFuture.create();
    SettableFuture<String> failing = SettableFuture.create();
    SettableFuture<String> cancelled = SettableFuture.create();
    CompletableFuture<String> a = ListenableFutures.toCompletable(ok);
    CompletableFuture<String> b = ListenableFutures.toCompletable(failing);
    CompletableFuture<String> c = ListenableFutures.toCompletable(cancelled);
    IOException boom = new IOException("boom");

    ok.set("v");
    failing.setException(boom);
    cancelled.cancel(false);

    assertThat(a).isCompletedWithValue("v");
    assertThat(b)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCause(boom);
    assertThat(c).isCancelled();
    assertThat(ok.isCancelled()).isFalse();
  }
}
