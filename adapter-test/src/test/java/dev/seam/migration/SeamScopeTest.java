package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamScope;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class SeamScopeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static Seam seam(String name) {
    return Seam.builder(name).maxConcurrency(2).interruptOnCancel(false).build();
  }

  /** A call that blocks until its cancel hook runs, and records that hook and its return. */
  private static final class Blocking {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch hookRan = new CountDownLatch(1);
    final AtomicBoolean returned = new AtomicBoolean();

    String run(dev.seam.CallContext call) throws InterruptedException {
      call.onCancel(hookRan::countDown);
      started.countDown();
      try {
        hookRan.await();
        return "unblocked";
      } finally {
        returned.set(true);
      }
    }
  }

  @Test
  void firstFailureCancelsSiblingsAndRunsTheirCancelHooks() throws Exception {
    IOException boom = new IOException("downstream refused");
    Blocking sibling = new Blocking();
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CompletableFuture<String> slow = scope.call(WAIT, sibling::run);
      assertThat(sibling.started.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> failing =
          scope.call(
              () -> {
                throw boom;
              });

      assertThatThrownBy(scope::join).isInstanceOf(SeamCallException.class).hasCause(boom);
      assertThat(failing).isCompletedExceptionally();
      assertThat(slow).isCancelled();
      assertThat(sibling.hookRan.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(scope.failure()).get().isInstanceOf(SeamCallException.class);
    }
  }

  @Test
  void scopeSpansSeveralSeamsAndCancelsAcrossThem() throws Exception {
    Blocking onHttp = new Blocking();
    try (Seam db = seam("db");
        Seam http = seam("http");
        SeamScope scope = SeamScope.open()) {
      CompletableFuture<String> call =
          scope.call(http, dev.seam.CallOptions.defaults(), onHttp::run);
      assertThat(onHttp.started.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Object> failing =
          scope.call(
              db,
              () -> {
                throw new IllegalStateException("no such row");
              });

      assertThatThrownBy(scope::join).isInstanceOf(SeamCallException.class);
      assertThat(failing).isCompletedExceptionally();
      assertThat(call).isCancelled();
      assertThat(onHttp.hookRan.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(http.stats().cancelled()).isEqualTo(1);
    }
  }

  @Test
  void joinWaitsForAllAndReturnsWhenEveryCallSucceeded() throws Exception {
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Integer> a =
          scope.call(
              () -> {
                go.await();
                return 1;
              });
      CompletableFuture<Integer> b = scope.call(() -> 2);
      go.countDown();
      scope.join();
      assertThat(a).isCompletedWithValue(1);
      assertThat(b).isCompletedWithValue(2);
      assertThat(scope.failure()).isEmpty();
    }
  }

  @Test
  void anOpenScopeDoesNotKeepCompletedCallsOrTheirResults() throws Exception {
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      List<WeakReference<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        results.add(resultOfOneCall(scope));
      }
      scope.join();

      assertThat(stillReachableAfterGc(results)).isZero();
      assertThat(scope.call(() -> "still open")).succeedsWithin(WAIT).isEqualTo("still open");
    }
  }

  /** One call's result, held only weakly here, so only the scope or the seam could keep it. */
  private static WeakReference<byte[]> resultOfOneCall(SeamScope scope) {
    return new WeakReference<>(scope.call(() -> new byte[1 << 20]).join());
  }

  /** Collects until every result is gone, for at most {@link #WAIT}; counts those that stay. */
  private static long stillReachableAfterGc(List<WeakReference<byte[]>> results) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long reachable;
    do {
      System.gc();
      reachable = results.stream().filter(r -> r.get() != null).count();
    } while (reachable > 0 && System.nanoTime() < deadline);
    return reachable;
  }

  @Test
  void closeCancelsUnfinishedCallsAndWaitsForTheirWorkersToReturn() throws Exception {
    Blocking running = new Blocking();
    AtomicBoolean queuedRan = new AtomicBoolean();
    CompletableFuture<String> call;
    CompletableFuture<String> queued;
    try (Seam db = Seam.builder("db").maxConcurrency(1).interruptOnCancel(false).build()) {
      try (SeamScope scope = db.scope()) {
        call = scope.call(WAIT, running::run);
        assertThat(running.started.await(5, TimeUnit.SECONDS)).isTrue();
        queued =
            scope.call(
                () -> {
                  queuedRan.set(true);
                  return "never";
                });
      }
      // close() returned: the running call's hook ran and its worker came back.
      assertThat(running.returned).isTrue();
      assertThat(call).isCancelled();
      assertThat(queued).isCancelled();
      // (The seam's own bookkeeping of that return may lag a few instructions behind the work.)
      assertThat(queuedRan).isFalse();
    }
  }

  @Test
  void callsAfterAFailureAreCancelledAndCallsAfterCloseFail() throws Exception {
    try (Seam db = seam("db")) {
      SeamScope scope = db.scope();
      CompletableFuture<Object> failing =
          scope.call(
              () -> {
                throw new IOException("boom");
              });
      assertThat(failing).failsWithin(WAIT);
      assertThat(scope.call(() -> "late")).isCancelled();
      scope.close();
      assertThat(scope.call(() -> "closed"))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(IllegalStateException.class)
          .withMessageContaining("scope is closed");
    }
  }

  @Test
  void cancellingOneCallByHandFailsTheScope() throws Exception {
    Blocking a = new Blocking();
    Blocking b = new Blocking();
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CompletableFuture<String> first = scope.call(WAIT, a::run);
      CompletableFuture<String> second = scope.call(WAIT, b::run);
      assertThat(b.started.await(5, TimeUnit.SECONDS)).isTrue();
      first.cancel(true);
      assertThatThrownBy(scope::join).isInstanceOf(CancellationException.class);
      assertThat(second).isCancelled();
      assertThat(b.hookRan.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void callsReceiveTheirCallContextOnTheDefaultSeam() throws Exception {
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CompletableFuture<String> name = scope.call(call -> call.seamName());
      scope.join();
      assertThat(name).isCompletedWithValue("db");
    }
  }

  @Test
  void scopeWithoutDefaultSeamExplainsWhatToPass() {
    try (SeamScope scope = SeamScope.open()) {
      assertThat(scope.call(() -> 1))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(IllegalStateException.class)
          .withMessageContaining("no default seam");
    }
  }
}
