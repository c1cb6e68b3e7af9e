package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;

/**
 * Issue 20, point 9: context on the less common surfaces of {@code CompletableFuture}, bindings
 * absent at submission. Each stage is added on a thread whose MDC differs from the submitter's, so
 * a stage that sees "caller" saw the captured context and not the adding thread's.
 */
@ExtendWith(SeamLeakCheck.class)
class LessCommonSurfacesContextTest {

  static Stream<Arguments> surfaces() {
    return Stream.of(
        surface("copy().thenApply", f -> f.copy().thenApply(v -> MDC.get("req"))),
        surface(
            "orTimeout(...).thenApply",
            f -> f.orTimeout(10, TimeUnit.SECONDS).thenApply(v -> MDC.get("req"))),
        surface(
            "completeOnTimeout(...).thenApply",
            f -> f.completeOnTimeout("x", 10, TimeUnit.SECONDS).thenApply(v -> MDC.get("req"))),
        surface(
            "toCompletableFuture().thenApply",
            f -> f.toCompletableFuture().thenApply(v -> MDC.get("req"))),
        surface(
            "thenCompose(...).thenApply",
            f ->
                f.thenCompose(v -> CompletableFuture.completedFuture(v))
                    .thenApply(v -> MDC.get("req"))),
        surface(
            "exceptionallyCompose(...).thenApply",
            f ->
                f.exceptionallyCompose(e -> CompletableFuture.completedFuture("x"))
                    .thenApply(v -> MDC.get("req"))),
        surface(
            "thenCombine(...) function",
            f -> f.thenCombine(CompletableFuture.completedFuture(1), (a, b) -> MDC.get("req"))),
        surface(
            "applyToEither(...) function",
            f -> f.applyToEither(new CompletableFuture<>(), v -> MDC.get("req"))),
        surface(
            "thenApplyAsync on the default executor", f -> f.thenApplyAsync(v -> MDC.get("req"))));
  }

  private static Arguments surface(
      String name, Function<CompletableFuture<String>, CompletionStage<String>> stage) {
    return Arguments.of(name, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("surfaces")
  void aStageOnALessCommonSurfaceSeesTheSubmittersContext(
      String name, Function<CompletableFuture<String>, CompletionStage<String>> stage)
      throws Exception {
    try (Seam seam = Seam.builder("surfaces").propagate(Propagators.mdc()).build()) {
      MDC.put("req", "caller");
      CompletableFuture<String> f;
      try {
        f = seam.call(() -> "v");
      } finally {
        MDC.remove("req");
      }
      f.join();
      MDC.put("req", "other");
      try {
        CompletableFuture<String> seen = stage.apply(f).toCompletableFuture();
        assertThat(seen).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("caller");
        assertThat(MDC.get("req")).isEqualTo("other");
      } finally {
        MDC.remove("req");
      }
    }
  }

  @Test
  void aStageOfMinimalCompletionStageRunsOutsideTheSubmittersContext() throws Exception {
    // Documented limit: minimalCompletionStage() returns the JDK's own stage type, whose
    // dependents are plain CompletableFuture stages; they carry no context.
    try (Seam seam = Seam.builder("minimal").propagate(Propagators.mdc()).build()) {
      MDC.put("req", "caller");
      CompletableFuture<String> f;
      try {
        f = seam.call(() -> "v");
      } finally {
        MDC.remove("req");
      }
      f.join();
      MDC.put("req", "other");
      try {
        CompletableFuture<String> seen =
            f.minimalCompletionStage().thenApply(v -> MDC.get("req")).toCompletableFuture();
        assertThat(seen).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("other");
      } finally {
        MDC.remove("req");
      }
    }
  }

  @Test
  void aBindingAbsentAtSubmissionIsAbsentInTheCallAndInItsStages() throws Exception {
    try (Seam seam = Seam.builder("absent").propagate(Propagators.mdc()).build()) {
      MDC.put("other-key", "submitter"); // the submitter has an MDC, but no "req"
      CompletableFuture<String> f;
      try {
        f = seam.call(() -> MDC.get("req"));
      } finally {
        MDC.remove("other-key");
      }
      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isNull();
      MDC.put("req", "stage-thread");
      try {
        assertThat(f.thenApply(v -> String.valueOf(MDC.get("req"))).join())
            .as("the adding thread's binding is hidden from the stage")
            .isEqualTo("null");
        assertThat(MDC.get("req")).isEqualTo("stage-thread");
      } finally {
        MDC.remove("req");
      }
    }
  }
}
