package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCancellationException;
import dev.seam.SeamStats;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * C3++: cancelling a stage derived from a seam's future reaches the call, as cancelling the output
 * of Guava's {@code Futures.transform} cancels its input; it stops at a stage that combines two
 * futures, at {@code copy()} and at {@code minimalCompletionStage()}. At the defaults, the way a
 * new user would write it.
 */
@ExtendWith(SeamLeakCheck.class)
class DerivedStageCancelTest {

  static Stream<Arguments> derivations() {
    return Stream.of(
        derived("thenApply", f -> f.thenApply(s -> s + "!")),
        derived("thenApplyAsync", f -> f.thenApplyAsync(s -> s + "!")),
        derived("thenAccept", f -> f.thenAccept(s -> {})),
        derived("thenRun", f -> f.thenRun(() -> {})),
        derived("thenCompose", f -> f.thenCompose(CompletableFuture::completedFuture)),
        derived("whenComplete", f -> f.whenComplete((v, e) -> {})),
        derived("handle", f -> f.handle((v, e) -> v)),
        derived("exceptionally", f -> f.exceptionally(e -> "fallback")),
        derived("two stages down", f -> f.thenApply(s -> s + "!").thenApply(String::length)));
  }

  private static Arguments derived(
      String name, Function<CompletableFuture<String>, CompletableFuture<?>> derive) {
    return Arguments.of(name, derive);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivations")
  void cancellingADerivedStageStopsTheCallRunsItsHooksAndFreesItsPermit(
      String name, Function<CompletableFuture<String>, CompletableFuture<?>> derive)
      throws Exception {
    try (Seam seam = Seam.builder("derived-" + name.replace(' ', '-')).maxConcurrency(1).build()) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              CallOptions.defaults().withDescription("load order 7"),
              call -> {
                call.onCancel(hookRan::countDown);
                return gate.pass("order");
              });
      CompletableFuture<?> stage = derive.apply(f);
      gate.awaitStarted();

      assertThat(stage.cancel(true)).isTrue();

      assertThat(stage.isCancelled()).isTrue();
      assertThat(f.isCancelled()).as("the call's own future").isTrue();
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).as("the call's hook ran").isTrue();
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).as("the worker was interrupted").isTrue();
      Throwable thrown = catchCancellation(stage);
      SeamCancellationException e = seamCancellation(thrown);
      assertThat(e.getMessage()).contains("derived-", "load order 7");
      assertThat(e.getStackTrace())
          .as("its own stack is the line that cancelled")
          .anyMatch(frame -> frame.getMethodName().startsWith("cancellingADerivedStage"));
      assertThat(e.getCause()).as("its cause is the line that submitted").isNotNull();
      assertThat(e.getCause().getStackTrace())
          .anyMatch(frame -> frame.getMethodName().startsWith("cancellingADerivedStage"));
      assertThat(seamCancellation(catchCancellation(f))).isSameAs(e);

      // The only permit came back: the next call runs at once.
      assertThat(seam.call(() -> "next")).succeedsWithin(Duration.ofSeconds(10));
      SeamStats s = seam.stats();
      assertThat(s.cancelled()).isEqualTo(1);
      assertThat(s.abandoned()).isZero();
    }
  }

  @Test
  void cancellingAStageQueuedBehindAFullSeamDropsTheCall() throws Exception {
    try (Seam seam = Seam.builder("derived-queued").maxConcurrency(1).build()) {
      Gate first = new Gate();
      CompletableFuture<String> running = seam.call(() -> first.pass("first"));
      first.awaitStarted();
      CompletableFuture<String> queued = seam.call(() -> "never");

      assertThat(queued.thenApply(String::length).cancel(true)).isTrue();

      assertThat(queued.isCancelled()).isTrue();
      assertThat(seam.stats().queued()).isZero();
      first.open();
      assertThat(running).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
    }
  }

  @Test
  void cancelStopsAtAStageThatCombinesTwoFuturesAtCopyAndAtMinimalCompletionStage()
      throws Exception {
    try (Seam seam = Seam.builder("derived-stops").build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("done"));
      gate.awaitStarted();
      CompletableFuture<String> other = new CompletableFuture<>();
      CompletableFuture<?>[] stages = {
        f.thenCombine(other, (a, b) -> a + b),
        f.thenAcceptBoth(other, (a, b) -> {}),
        f.runAfterBoth(other, () -> {}),
        f.applyToEither(other, s -> s),
        f.acceptEither(other, s -> {}),
        f.runAfterEither(other, () -> {}),
        f.thenCombine(other, (a, b) -> a + b).thenApply(s -> s), // derived from a combined one
        f.copy(),
        f.copy().thenApply(s -> s),
        f.minimalCompletionStage().toCompletableFuture(),
      };

      for (CompletableFuture<?> stage : stages) {
        assertThat(stage.cancel(true)).isTrue();
      }

      assertThat(f).as("none of them reached the call").isNotDone();
      assertThat(gate.sawInterrupt()).isFalse();
      gate.open();
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
      assertThat(Arrays.stream(stages).allMatch(CompletableFuture::isCancelled)).isTrue();
      assertThat(seam.stats().cancelled()).isZero();
    }
  }

  @Test
  void cancellingAStageAfterTheCallFinishedCancelsOnlyThatStage() throws Exception {
    try (Seam seam = Seam.builder("derived-late").build()) {
      CompletableFuture<String> inner = new CompletableFuture<>();
      CompletableFuture<String> f = seam.call(() -> "done");
      assertThat(f).succeedsWithin(Duration.ofSeconds(10));
      CompletableFuture<String> composed = f.thenCompose(s -> inner);

      assertThat(composed.cancel(true)).isTrue();

      assertThat(composed.isCancelled()).isTrue();
      assertThat(f).isCompletedWithValue("done");
      assertThat(seam.stats().cancelled()).isZero();
      assertThat(seam.stats().succeeded()).isEqualTo(1);
    }
  }

  private static Throwable catchCancellation(CompletableFuture<?> stage) {
    try {
      stage.join();
    } catch (CancellationException e) {
      return e;
    }
    throw new AssertionError("not cancelled: " + stage);
  }

  /** Java 17 throws the exception itself; newer JDKs wrap it in one naming join(). */
  private static SeamCancellationException seamCancellation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SeamCancellationException s) {
        return s;
      }
    }
    assertThatThrownBy(
            () -> {
              throw t;
            })
        .isInstanceOf(SeamCancellationException.class);
    throw new AssertionError(t);
  }
}
