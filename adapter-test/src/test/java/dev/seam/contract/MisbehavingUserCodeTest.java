package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.seam.ContextPropagator;
import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamException;
import dev.seam.ThreadMode;
import dev.seam.internal.SeamConfig;
import dev.seam.internal.SeamImpl;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * User code that throws (a context propagator, a completeOn executor) fails only its own call:
 * {@code call(...)} never throws, the permit returns, the worker survives, no context is left
 * behind (C12).
 */
@ExtendWith(SeamLeakCheck.class)
class MisbehavingUserCodeTest {
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  /** A propagator that throws in the step the test chooses, while {@code armed}. */
  private static final class Broken implements ContextPropagator<String> {
    final AtomicBoolean armed = new AtomicBoolean(true);
    final String step;

    Broken(String step) {
      this.step = step;
    }

    @Override
    public String capture() {
      fail("capture");
      return "captured";
    }

    @Override
    public Scope install(String captured) {
      fail("install");
      return () -> fail("restore");
    }

    private void fail(String now) {
      if (step.equals(now) && armed.get()) {
        throw new IllegalStateException("broken " + now);
      }
    }

    @Override
    public String toString() {
      return "Broken(" + step + ")";
    }
  }

  private static Seam seam(String name, Broken broken) {
    return Seam.builder(name)
        .maxConcurrency(1)
        .propagate(Propagators.threadLocal(TENANT), broken)
        .build();
  }

  @Test
  void propagatorThatThrowsInCaptureFailsTheCallThroughItsFuture() {
    Broken broken = new Broken("capture");
    try (Seam seam = seam("capture-throws", broken)) {
      AtomicReference<CompletableFuture<String>> f = new AtomicReference<>();
      assertThatCode(() -> f.set(seam.call(() -> "never"))).doesNotThrowAnyException();

      assertThat(f.get())
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamException.class)
          .withMessageContaining("capture-throws")
          .withMessageContaining("Broken(capture)")
          .withMessageContaining("capture")
          .havingCause()
          .withMessage("broken capture");
      broken.armed.set(false);
      assertThat(seam.call(() -> "next")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("next");
    }
  }

  @Test
  void propagatorThatThrowsInInstallFailsTheCallAndLeavesTheWorkerClean() {
    Broken broken = new Broken("install");
    try (Seam seam = seam("install-throws", broken)) {
      TENANT.set("acme");
      AtomicBoolean bodyRan = new AtomicBoolean();
      CompletableFuture<String> f =
          seam.call(
              () -> {
                bodyRan.set(true);
                return "never";
              });
      TENANT.remove();

      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamException.class)
          .withMessageContaining("Broken(install)")
          .withMessageContaining("install");
      assertThat(bodyRan).isFalse();
      broken.armed.set(false);
      // Same single worker: the tenant installed before the broken propagator threw is gone.
      assertThat(seam.call(() -> String.valueOf(TENANT.get())))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("null");
      assertThat(seam.stats().failed()).isEqualTo(1);
    }
  }

  @Test
  void propagatorThatThrowsInRestoreKeepsTheOutcomeAndRestoresTheOthers() {
    Broken broken = new Broken("restore");
    try (Seam seam = seam("restore-throws", broken)) {
      TENANT.set("acme");
      CompletableFuture<String> f = seam.call(() -> "value for " + TENANT.get());
      TENANT.remove();

      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("value for acme");
      broken.armed.set(false);
      assertThat(seam.call(() -> String.valueOf(TENANT.get())))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("null");
    }
  }

  @Test
  void completeOnExecutorThatThrowsStillCompletesTheFutureAndKeepsTheWorker() {
    AtomicBoolean broken = new AtomicBoolean(true);
    try (Seam seam =
        Seam.builder("completion-throws")
            .maxConcurrency(1)
            .completeOn(
                task -> {
                  if (broken.get()) {
                    throw new IllegalStateException("executor is broken");
                  }
                  task.run();
                })
            .build()) {
      assertThat(seam.call(() -> "first"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("first");
      assertThat(seam.call(() -> "second"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("second");
      broken.set(false);
      assertThat(seam.call(() -> "third"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("third");
      assertThat(seam.stats().succeeded()).isEqualTo(3);
    }
  }

  @Test
  void completeOnExecutorThatRejectsStillCompletesTheFuture() {
    try (Seam seam =
        Seam.builder("completion-rejects")
            .maxConcurrency(1)
            .completeOn(
                task -> {
                  throw new RejectedExecutionException("saturated");
                })
            .build()) {
      assertThat(seam.call(() -> "first"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("first");
      assertThat(seam.call(() -> "second"))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("second");
    }
  }

  @Test
  void workerThatCannotBeStartedFailsTheCallThroughItsFutureAndReturnsThePermit() {
    Seam seam =
        SeamImpl.start(
            new SeamConfig(
                "no-threads",
                1,
                0,
                Duration.ofSeconds(30),
                false,
                List.of(),
                true,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                new ManualClock(),
                ThreadMode.PLATFORM,
                null,
                task -> {
                  throw new OutOfMemoryError("unable to create native thread");
                },
                Runnable::run));
    AtomicReference<CompletableFuture<String>> f = new AtomicReference<>();
    assertThatCode(() -> f.set(seam.call(() -> "never"))).doesNotThrowAnyException();
    assertThat(f.get())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamException.class)
        .havingCause()
        .isInstanceOf(OutOfMemoryError.class);
    assertThat(seam.stats().running()).isZero();
    assertThat(seam.stats().failed()).isEqualTo(1);
    seam.close();
  }
}
