package dev.seam.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.ContextPropagator.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The MDC propagator against logback, the tests' binding: a capture is a map that never changes
 * afterwards, an install on the capturing thread whose MDC is unchanged sets nothing but still
 * takes back what the code inside changed, and every other install gives the thread its own map
 * back, or an empty one.
 */
class MdcPropagatorTest {
  private final MdcPropagator mdc = MdcPropagator.INSTANCE;

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static Map<String, String> current() {
    Map<String, String> map = MDC.getCopyOfContextMap();
    return map == null ? Map.of() : map;
  }

  /** Runs {@code body} on a fresh thread and waits for it, failing with what it threw. */
  private static void onAnotherThread(Runnable body) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              } finally {
                MDC.clear();
              }
            });
    thread.start();
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void logbackIsDetectedSoACallerWithAnUnchangedMdcIsCopiedOnceForAllItsCaptures() {
    MDC.put("req", "r1");
    Map<String, String> first = mdc.capture();

    assertThat(mdc.capture()).isSameAs(first).isEqualTo(Map.of("req", "r1"));
    MDC.put("user", "alice");
    Map<String, String> second = mdc.capture();
    assertThat(second).isNotSameAs(first).isEqualTo(Map.of("req", "r1", "user", "alice"));
    assertThat(first).isEqualTo(Map.of("req", "r1"));
  }

  @Test
  void aCaptureOnAnotherThreadWithEqualValuesIsItsOwnCopy() throws Exception {
    MDC.put("req", "r1");
    Map<String, String> here = mdc.capture();
    AtomicReference<Map<String, String>> there = new AtomicReference<>();

    onAnotherThread(
        () -> {
          MDC.put("req", "r1");
          there.set(mdc.capture());
        });
    assertThat(there.get()).isEqualTo(here).isNotSameAs(here);
  }

  @Test
  void theCaptureDoesNotFollowLaterChangesOfTheCallersMdc() {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();
    MDC.put("req", "r2");
    MDC.put("user", "alice");

    assertThat(captured).isEqualTo(Map.of("req", "r1"));
    try (Scope ignored = mdc.install(captured)) {
      assertThat(current()).isEqualTo(Map.of("req", "r1"));
    }
    assertThat(current()).isEqualTo(Map.of("req", "r2", "user", "alice"));
  }

  @Test
  void installOnTheCapturingThreadWithItsMdcUnchangedTakesBackWhatTheCodeInsideAdded() {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();

    try (Scope ignored = mdc.install(captured)) {
      assertThat(current()).isEqualTo(Map.of("req", "r1"));
      MDC.put("inside", "x");
      MDC.put("req", "overwritten");
    }
    assertThat(current()).isEqualTo(Map.of("req", "r1"));
  }

  @Test
  void installOnTheCapturingThreadWithItsMdcUnchangedGivesBackWhatTheCodeInsideRemoved() {
    MDC.put("req", "r1");
    MDC.put("user", "alice");
    Map<String, String> captured = mdc.capture();

    try (Scope ignored = mdc.install(captured)) {
      MDC.remove("user");
    }
    assertThat(current()).isEqualTo(Map.of("req", "r1", "user", "alice"));
    try (Scope ignored = mdc.install(captured)) {
      MDC.clear();
    }
    assertThat(current()).isEqualTo(Map.of("req", "r1", "user", "alice"));
  }

  @Test
  void aCodeInsideThatLeavesTheMapAsItFoundItKeepsTheThreadsSnapshot() {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();

    try (Scope ignored = mdc.install(captured)) {
      assertThat(MDC.get("req")).isEqualTo("r1");
    }
    // Nothing was set: the thread still holds the very snapshot, so the next capture is free.
    assertThat(mdc.capture()).isSameAs(captured);
  }

  @Test
  void anEmptyCaptureOnTheCapturingThreadLeavesItEmptyAfterTheCodeInsideAdded() {
    Map<String, String> captured = mdc.capture();

    try (Scope ignored = mdc.install(captured)) {
      assertThat(current()).isEmpty();
      MDC.put("inside", "x");
    }
    assertThat(current()).isEmpty();
  }

  @Test
  void installOnAThreadWithItsOwnMdcShowsTheCapturedOneAndGivesItsOwnBack() throws Exception {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();

    onAnotherThread(
        () -> {
          MDC.put("worker", "w1");
          try (Scope ignored = mdc.install(captured)) {
            assertThat(current()).isEqualTo(Map.of("req", "r1"));
            MDC.put("inside", "x");
          }
          assertThat(current()).isEqualTo(Map.of("worker", "w1"));
        });
    assertThat(current()).isEqualTo(Map.of("req", "r1"));
  }

  @Test
  void installOnAThreadWithTheSameValuesButItsOwnMapStillRestoresIt() throws Exception {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();

    onAnotherThread(
        () -> {
          MDC.put("req", "r1"); // equal, not the same snapshot: installed and restored as usual
          try (Scope ignored = mdc.install(captured)) {
            MDC.put("inside", "x");
          }
          assertThat(current()).isEqualTo(Map.of("req", "r1"));
        });
  }

  @Test
  void installOnAThreadWithNoMdcLeavesItEmptyAfterwards() throws Exception {
    MDC.put("req", "r1");
    Map<String, String> captured = mdc.capture();

    onAnotherThread(
        () -> {
          try (Scope ignored = mdc.install(captured)) {
            assertThat(current()).isEqualTo(Map.of("req", "r1"));
          }
          assertThat(current()).isEmpty();
        });
  }

  @Test
  void anEmptyCaptureInstalledOnAThreadWithItsOwnMdcHidesItThenGivesItBack() throws Exception {
    Map<String, String> captured = mdc.capture();

    onAnotherThread(
        () -> {
          MDC.put("worker", "w1");
          try (Scope ignored = mdc.install(captured)) {
            assertThat(current()).isEmpty();
          }
          assertThat(current()).isEqualTo(Map.of("worker", "w1"));
        });
  }

  @Test
  void aCopyCapturedUnderAnotherBindingIsInstalledAndRestoredToo() {
    MDC.put("worker", "w1");
    Map<String, String> copied = new HashMap<>(Map.of("req", "r1"));

    try (Scope ignored = mdc.install(copied)) {
      assertThat(current()).isEqualTo(Map.of("req", "r1"));
    }
    assertThat(current()).isEqualTo(Map.of("worker", "w1"));
  }

  @Test
  void theCopyingPathUsedForOtherBindingsRestoresTheThreadsOwnMap() {
    MDC.put("worker", "w1");

    try (Scope ignored = MdcPropagator.installCopy(Map.of("req", "r1"))) {
      assertThat(current()).isEqualTo(Map.of("req", "r1"));
      MDC.put("inside", "x");
    }
    assertThat(current()).isEqualTo(Map.of("worker", "w1"));
    MDC.clear();
    try (Scope ignored = MdcPropagator.installCopy(Map.of("req", "r1"))) {
      assertThat(current()).isEqualTo(Map.of("req", "r1"));
    }
    assertThat(current()).isEmpty();
  }
}
