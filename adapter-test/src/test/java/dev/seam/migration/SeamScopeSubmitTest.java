package dev.seam.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.seam.CallOptions;
import dev.seam.ContextPropagator;
import dev.seam.Seam;
import dev.seam.SeamRejectedException;
import dev.seam.SeamScope;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a scope does when submitting a call goes wrong: the seam throws, refuses, or the scope
 * failed.
 */
@ExtendWith(SeamLeakCheck.class)
class SeamScopeSubmitTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static Seam seam(String name) {
    return Seam.builder(name)
        .maxConcurrency(2)
        .interruptOnCancel(false)
        .clock(new ManualClock())
        .build();
  }

  @Test
  void seamThatThrowsFromCallFailsTheScopeAndCancelsSiblingsSoJoinReturns() throws Exception {
    IllegalStateException gone = new IllegalStateException("pool is gone");
    Seam broken = mock(Seam.class);
    when(broken.call(any(CallOptions.class), any())).thenThrow(gone);
    BlockingCall sibling = BlockingCall.untilCancelled();
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CompletableFuture<String> slow = scope.call(sibling::run);
      sibling.awaitStarted();

      CompletableFuture<Object> thrown = scope.call(broken, () -> "never");

      assertThat(thrown)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCause(gone);
      assertThat(ScopeJoin.inBackground(scope))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCause(gone);
      assertThat(slow).isCancelled();
      sibling.awaitHookRan();
      assertThat(scope.failure()).containsSame(gone);
    }
  }

  @Test
  void seamThatReturnsNoFutureFailsTheScopeInsteadOfThrowing() throws Exception {
    Seam broken = mock(Seam.class);
    when(broken.call(any(CallOptions.class), any())).thenReturn(null);
    try (SeamScope scope = SeamScope.open()) {
      CompletableFuture<Object> call = scope.call(broken, () -> "never");

      assertThat(call)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(NullPointerException.class)
          .withMessageContaining("returned no future");
      assertThat(ScopeJoin.inBackground(scope))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void propagatorThatThrowsOnSubmitFailsTheScopeInsteadOfHangingJoin() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    IllegalStateException noContext = new IllegalStateException("no context to capture");
    ContextPropagator<String> propagator =
        new ContextPropagator<>() {
          @Override
          public String capture() {
            if (broken.get()) {
              throw noContext;
            }
            return "ctx";
          }

          @Override
          public Scope install(String captured) {
            return () -> {};
          }
        };
    try (Seam db = Seam.builder("db").propagate(propagator).clock(new ManualClock()).build();
        SeamScope scope = db.scope()) {
      assertThat(scope.call(() -> 1)).succeedsWithin(WAIT);
      broken.set(true);

      CompletableFuture<Integer> call = scope.call(() -> 2);

      assertThat(call).failsWithin(WAIT);
      assertThat(ScopeJoin.inBackground(scope)).failsWithin(WAIT);
      assertThat(scope.failure())
          .hasValueSatisfying(f -> assertThat(causes(f)).contains(noContext));
    }
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  @Test
  void rejectedCallFailsTheScopeAndCancelsSiblings() throws Exception {
    BlockingCall sibling = BlockingCall.untilCancelled();
    try (Seam db =
            Seam.builder("db")
                .maxConcurrency(1)
                .maxQueued(0)
                .interruptOnCancel(false)
                .clock(new ManualClock())
                .build();
        SeamScope scope = db.scope()) {
      CompletableFuture<String> running = scope.call(sibling::run);
      sibling.awaitStarted();

      CompletableFuture<String> rejected = scope.call(() -> "no room");

      assertThat(rejected).isCompletedExceptionally();
      assertThat(ScopeJoin.inBackground(scope))
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SeamRejectedException.class);
      assertThat(running).isCancelled();
      sibling.awaitHookRan();
    }
  }

  @Test
  void callAfterAFailureIsCancelledWithThatFailureAsItsCause() throws Exception {
    try (Seam db = seam("db");
        SeamScope scope = db.scope()) {
      CompletableFuture<Object> failing =
          scope.call(
              () -> {
                throw new IOException("boom");
              });
      assertThatThrownBy(scope::join).hasCauseInstanceOf(IOException.class);

      CompletableFuture<String> late = scope.call(() -> "late");

      assertThat(late).isCancelled();
      Throwable why = late.handle((v, e) -> e).join();
      assertThat(why)
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("scope already failed")
          .hasCause(scope.failure().orElseThrow());
      assertThat(failing).isCompletedExceptionally();
    }
  }
}
