package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * A stage added to a completed future runs on the adding thread. When that is the submitting thread
 * with its MDC unchanged, the MDC is not set again; the stage still sees exactly the captured map,
 * and the thread still gets its own map back whatever the stage did to it. On any other thread, or
 * after the submitter changed its MDC, the captured map is installed and the thread's restored.
 */
@ExtendWith(SeamLeakCheck.class)
class StageOnCapturingThreadTest {

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static Map<String, String> mdc() {
    Map<String, String> map = MDC.getCopyOfContextMap();
    return map == null ? Map.of() : map;
  }

  private static Seam seam(String name) {
    return Seam.builder(name).propagate(Propagators.mdc()).build();
  }

  @Test
  void stageOnTheSubmittingThreadWithItsMdcUnchangedSeesItAndLeavesNothingBehind() {
    try (Seam seam = seam("same-thread")) {
      MDC.put("req", "r1");
      MDC.put("user", "alice");
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();

      Map<String, String> seen =
          f.thenApply(
                  v -> {
                    Map<String, String> inside = mdc();
                    MDC.put("stage", "added");
                    MDC.remove("user");
                    return inside;
                  })
              .join();

      assertThat(seen).isEqualTo(Map.of("req", "r1", "user", "alice"));
      assertThat(mdc()).isEqualTo(Map.of("req", "r1", "user", "alice"));
    }
  }

  @Test
  void stageOnTheSubmittingThreadAfterItChangedItsMdcSeesTheCapturedValues() {
    try (Seam seam = seam("changed-since")) {
      MDC.put("req", "r1");
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();
      MDC.put("req", "r2");
      MDC.put("extra", "x");

      assertThat(f.thenApply(v -> mdc()).join()).isEqualTo(Map.of("req", "r1"));
      assertThat(mdc()).isEqualTo(Map.of("req", "r2", "extra", "x"));
    }
  }

  @Test
  void stageOnTheSubmittingThreadAfterItClearedItsMdcSeesTheCapturedValues() {
    try (Seam seam = seam("cleared-since")) {
      MDC.put("req", "r1");
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();
      MDC.clear();

      assertThat(f.thenApply(v -> mdc()).join()).isEqualTo(Map.of("req", "r1"));
      assertThat(mdc()).isEmpty();
    }
  }

  @Test
  void stageOnTheSubmittingThreadWithNoMdcDoesNotKeepWhatTheStageAdded() {
    try (Seam seam = seam("empty-same-thread")) {
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();

      f.thenRun(() -> MDC.put("stage", "added")).join();

      assertThat(mdc()).isEmpty();
    }
  }

  @Test
  void stageOnAnotherThreadWithItsOwnMdcSeesTheCapturedOneAndGetsItsOwnBack() throws Exception {
    try (Seam seam = seam("other-thread")) {
      MDC.put("req", "r1");
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();

      CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
      CompletableFuture<Map<String, String>> after = new CompletableFuture<>();
      Thread other =
          new Thread(
              () -> {
                MDC.put("own", "o1");
                try {
                  seen.complete(
                      f.thenApply(
                              v -> {
                                Map<String, String> inside = mdc();
                                MDC.put("stage", "added");
                                return inside;
                              })
                          .join());
                  after.complete(mdc());
                } catch (RuntimeException | Error e) {
                  seen.completeExceptionally(e);
                } finally {
                  MDC.clear();
                }
              });
      other.start();

      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("req", "r1"));
      assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("own", "o1"));
      other.join(10_000);
      assertThat(mdc()).isEqualTo(Map.of("req", "r1"));
    }
  }

  @Test
  void aStageOfAStageOnTheSubmittingThreadSeesTheCapturedValuesToo() {
    try (Seam seam = seam("chained")) {
      MDC.put("req", "r1");
      CompletableFuture<String> f = seam.call(() -> "v");
      f.join();

      assertThat(f.thenApply(v -> v + "1").thenApply(v -> v + MDC.get("req")).join())
          .isEqualTo("v1r1");
      assertThat(mdc()).isEqualTo(Map.of("req", "r1"));
    }
  }

  @Test
  void theOnlyPropagatorOfASeamThatThrowsInRestoreKeepsTheCallsOutcome() {
    AtomicBoolean broken = new AtomicBoolean(true);
    ContextPropagator<String> restoreThrows =
        new ContextPropagator<>() {
          @Override
          public String capture() {
            return "v";
          }

          @Override
          public Scope install(String captured) {
            return () -> {
              if (broken.get()) {
                throw new IllegalStateException("broken restore");
              }
            };
          }

          @Override
          public String toString() {
            return "RestoreThrows";
          }
        };
    try (Seam seam = Seam.builder("only-restore-throws").propagate(restoreThrows).build()) {
      assertThat(seam.call(() -> "value"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("value");
      broken.set(false);
      assertThat(seam.call(() -> "next")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("next");
    }
  }
}
