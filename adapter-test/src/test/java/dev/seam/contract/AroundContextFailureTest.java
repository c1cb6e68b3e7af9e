package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.SeamContextException;
import dev.seam.internal.AroundPropagator;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Context bound around the call (the way a {@code ScopedValue} is) that fails to bind fails only
 * its call, like any throwing propagator (C12): the body does not run, the other context is
 * restored, the worker serves the next call.
 */
@ExtendWith(SeamLeakCheck.class)
class AroundContextFailureTest {
  private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  /** Binds nothing; throws instead of running the body while armed. */
  private static final class BrokenAround implements AroundPropagator<String> {
    final AtomicBoolean armed = new AtomicBoolean(true);

    @Override
    public String capture() {
      return "captured";
    }

    @Override
    public void runAround(String captured, Runnable body) {
      if (armed.get()) {
        throw new IllegalStateException("cannot bind");
      }
      body.run();
    }

    @Override
    public String toString() {
      return "BrokenAround";
    }
  }

  @Test
  void aroundContextThatCannotBindFailsTheCallAndLeavesTheWorkerClean() {
    BrokenAround broken = new BrokenAround();
    try (Seam seam =
        Seam.builder("around-throws")
            .maxConcurrency(1)
            .propagate(Propagators.threadLocal(TENANT), broken)
            .build()) {
      TENANT.set("acme");
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> f =
          seam.call(
              () -> {
                ran.set(true);
                return "never";
              });
      TENANT.remove();

      assertThat(f)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamContextException.class)
          .withMessageContaining("around-throws")
          .withMessageContaining("BrokenAround")
          .withMessageContaining("install")
          .havingCause()
          .withMessage("cannot bind");
      assertThat(ran).isFalse();
      broken.armed.set(false);
      assertThat(seam.call(() -> String.valueOf(TENANT.get())))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("null");
      assertThat(seam.stats().failed()).isEqualTo(1);
    }
  }
}
