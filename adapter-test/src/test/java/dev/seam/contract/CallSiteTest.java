package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class CallSiteTest {
  private final ManualClock clock = new ManualClock();

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
    return e.getCause();
  }

  private static CompletableFuture<String> lookUpOrder(Seam seam, IOException toThrow) {
    return seam.call(
        () -> {
          throw toThrow;
        });
  }

  @Test
  void failureShowsTheSubmittingFrameAndKeepsTheOriginalCause() throws Exception {
    try (Seam seam = Seam.builder("orders").clock(clock).build()) {
      IOException original = new IOException("connection reset");

      Throwable e = failure(lookUpOrder(seam, original));

      assertThat(e).isInstanceOf(SeamCallException.class);
      assertThat(e.getCause()).isSameAs(original);
      assertThat(e.getMessage())
          .startsWith("seam 'orders' call failed after ")
          .contains("queued, timeout 30000 ms")
          .endsWith("java.io.IOException: connection reset");
      StackTraceElement top = e.getStackTrace()[0];
      assertThat(top.getClassName()).isEqualTo(CallSiteTest.class.getName());
      assertThat(top.getMethodName()).isEqualTo("lookUpOrder");
      assertThat(e.getStackTrace()[1].getMethodName())
          .isEqualTo("failureShowsTheSubmittingFrameAndKeepsTheOriginalCause");
      assertThat(e.getStackTrace())
          .noneMatch(f -> f.getClassName().startsWith("dev.seam.internal"));
    }
  }

  @Test
  void timeoutShowsTheSubmittingFrame() throws Exception {
    try (Seam seam = Seam.builder("orders").clock(clock).timeout(Duration.ofSeconds(1)).build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));

      Throwable e = failure(f);

      assertThat(e).isInstanceOf(SeamTimeoutException.class);
      assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("timeoutShowsTheSubmittingFrame");
      gate.awaitReturned();
    }
  }

  @Test
  void rejectionShowsTheSubmittingFrame() throws Exception {
    try (Seam seam = Seam.builder("orders").clock(clock).maxConcurrency(1).maxQueued(0).build()) {
      Gate gate = new Gate();
      CompletableFuture<String> busy = seam.call(() -> gate.pass("x"));
      Throwable e = failure(seam.call(() -> "rejected"));
      assertThat(e).isInstanceOf(SeamRejectedException.class);
      assertThat(e.getStackTrace()[0].getMethodName())
          .isEqualTo("rejectionShowsTheSubmittingFrame");
      gate.open();
      assertThat(busy).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void callSiteCaptureCanBeTurnedOff() throws Exception {
    try (Seam seam = Seam.builder("orders").clock(clock).captureCallSite(false).build()) {
      IOException original = new IOException("boom");
      Throwable e = failure(lookUpOrder(seam, original));
      assertThat(e).isInstanceOf(SeamCallException.class).hasCause(original);
      // Without capture, the trace is where the exception was made: the seam's worker.
      assertThat(e.getStackTrace()).noneMatch(f -> f.getMethodName().equals("lookUpOrder"));
    }
  }
}
