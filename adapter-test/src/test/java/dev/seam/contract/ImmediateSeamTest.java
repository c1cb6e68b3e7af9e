package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.ImmediateSeam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

@ExtendWith(SeamLeakCheck.class)
class ImmediateSeamTest {

  @Test
  void runsTheCallOnTheCallerThreadAndIsDoneOnReturn() {
    try (Seam seam = ImmediateSeam.create("now")) {
      Thread caller = Thread.currentThread();
      CompletableFuture<Thread> f = seam.call(Thread::currentThread);
      assertThat(f).isCompletedWithValue(caller);
    }
  }

  @Test
  void wrapsFailuresLikeARealSeam() {
    try (Seam seam = ImmediateSeam.create("now")) {
      IOException original = new IOException("down");
      CompletableFuture<String> f =
          seam.call(
              () -> {
                throw original;
              });
      assertThat(f.handle((v, e) -> e).join())
          .isInstanceOf(SeamCallException.class)
          .hasCause(original);
    }
  }

  @Test
  void restoresTheCallersMdcAfterTheCall() {
    try (Seam seam = ImmediateSeam.create("now")) {
      MDC.put("request", "1");
      CompletableFuture<String> f =
          seam.call(
              () -> {
                MDC.put("request", "changed inside");
                return MDC.get("request");
              });
      assertThat(f).isCompletedWithValue("changed inside");
      assertThat(MDC.get("request")).isEqualTo("1");
      MDC.clear();
    }
  }

  @Test
  void deadlinesFireOnlyWhenItsClockIsAdvanced() {
    ManualClock clock = new ManualClock();
    try (Seam seam =
        ImmediateSeam.builder("now").clock(clock).timeout(Duration.ofSeconds(1)).build()) {
      CompletableFuture<String> f =
          seam.call(
              call -> {
                clock.advance(Duration.ofSeconds(1)); // time passes while the call runs
                return call.isCancelled() ? "saw cancel" : "not cancelled";
              });
      assertThat(f.handle((v, e) -> e).join()).isInstanceOf(SeamTimeoutException.class);
      assertThat(seam.call(() -> "quick")).isCompletedWithValue("quick");
    }
  }

  @Test
  void refusesCallsAfterClose() {
    Seam seam = ImmediateSeam.create("now");
    seam.close();
    assertThat(seam.call(() -> "late").handle((v, e) -> e).join())
        .isInstanceOf(SeamClosedException.class);
  }
}
