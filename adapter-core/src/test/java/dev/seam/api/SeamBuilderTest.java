package dev.seam.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.CallOptions;
import dev.seam.Seam;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bad configuration fails at build() with the bad value in the message; bad calls fail their
 * future.
 */
class SeamBuilderTest {

  @Test
  void nullNameIsRejected() {
    assertThatThrownBy(() -> Seam.builder(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void blankNameIsRejectedWithTheName() {
    assertThatThrownBy(() -> Seam.builder("  ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name is empty: '  '");
  }

  @Test
  void nonPositiveConcurrencyIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Seam.builder("x").maxConcurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrency < 1: 0");
  }

  @Test
  void negativeQueueIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Seam.builder("x").maxQueued(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueued < 0: -1");
  }

  @Test
  void nonPositiveTimeoutIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Seam.builder("x").timeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout <= 0: PT0S");
    assertThatThrownBy(() -> Seam.builder("x").timeout(Duration.ofMillis(-3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout <= 0: PT-0.003S");
  }

  @Test
  void negativeGraceAndLagThresholdAreRejected() {
    assertThatThrownBy(() -> Seam.builder("x").shutdownGrace(Duration.ofSeconds(-1)).build())
        .hasMessage("shutdownGrace < 0: PT-1S");
    assertThatThrownBy(() -> Seam.builder("x").queueLagWarning(Duration.ofSeconds(-1)).build())
        .hasMessage("queueLagWarning < 0: PT-1S");
    assertThatThrownBy(() -> Seam.builder("x").slowCallWarning(Duration.ofSeconds(-1)).build())
        .hasMessage("slowCallWarning < 0: PT-1S");
  }

  @Test
  void nullOptionValuesAreRejectedAtOnce() {
    assertThatThrownBy(() -> Seam.builder("x").timeout(null)).hasMessage("timeout");
    assertThatThrownBy(() -> Seam.builder("x").clock(null)).hasMessage("clock");
  }

  @Test
  void badCallArgumentsFailTheFutureInsteadOfThrowing() {
    try (Seam seam = Seam.builder("args").build()) {
      CompletableFuture<Object> nullTask = seam.call((Callable<Object>) null);
      assertThat(nullTask.handle((v, e) -> e).join())
          .isInstanceOf(NullPointerException.class)
          .hasMessage("task is null");
      assertThat(seam.call(Duration.ofMillis(-5), call -> "x").handle((v, e) -> e).join())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout <= 0: PT-0.005S");
      assertThat(seam.call((CallOptions) null, call -> "x").handle((v, e) -> e).join())
          .isInstanceOf(NullPointerException.class)
          .hasMessage("options is null");
      assertThat(
              seam.call(Duration.ofSeconds(1), call -> call.onCancel(null))
                  .handle((v, e) -> e)
                  .join())
          .hasRootCauseInstanceOf(NullPointerException.class)
          .hasRootCauseMessage("hook");
    }
  }

  @Test
  void callOptionsRejectBadTimeouts() {
    assertThatThrownBy(() -> CallOptions.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout <= 0: PT0S");
    assertThat(CallOptions.defaults().withInterruptOnCancel(false).interruptOnCancelOrNull())
        .isFalse();
  }
}
