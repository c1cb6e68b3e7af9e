package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamClosedException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class LifecycleTest {

  private static Set<String> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  @Test
  void callsAfterCloseFailWithClosedException() {
    Seam seam = Seam.builder("shut").build();
    seam.close();
    assertThat(seam.isClosed()).isTrue();
    assertThat(seam.call(() -> "late"))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class)
        .withMessage("seam 'shut' is closed; call refused");
    assertThat(seam.stats().rejected()).isEqualTo(1);
  }

  @Test
  void closeWaitsForRunningAndQueuedCallsWithinTheGrace() throws Exception {
    Seam seam =
        Seam.builder("drain")
            .maxConcurrency(1)
            .maxQueued(5)
            .shutdownGrace(Duration.ofSeconds(30))
            .build();
    Gate gate = new Gate();
    CompletableFuture<String> running = seam.call(() -> gate.pass("running"));
    CompletableFuture<String> queued = seam.call(() -> "queued");
    gate.awaitStarted();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(seam::close);
    gate.open();

    assertThat(running).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("running");
    assertThat(queued).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("queued");
    assertThat(closing).succeedsWithin(Duration.ofSeconds(10));
    assertThat(liveThreads("seam-drain-")).isEmpty();
  }

  @Test
  void closeCancelsWhatIsLeftAfterTheGraceAndLeavesNoThread() throws Exception {
    Seam seam =
        Seam.builder("grace").maxConcurrency(1).maxQueued(5).shutdownGrace(Duration.ZERO).build();
    Gate gate = new Gate();
    CountDownLatch hookRan = new CountDownLatch(1);
    CompletableFuture<String> running =
        seam.call(
            Duration.ofSeconds(30),
            call -> {
              call.onCancel(hookRan::countDown);
              return gate.pass("never");
            });
    AtomicBoolean queuedRan = new AtomicBoolean();
    CompletableFuture<String> queued =
        seam.call(
            () -> {
              queuedRan.set(true);
              return "never";
            });
    gate.awaitStarted();

    seam.close();

    assertThat(running)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class)
        .withMessageContaining("closed before the call finished");
    assertThat(queued)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class)
        .withMessageContaining("never started");
    assertThat(hookRan.await(0, TimeUnit.SECONDS)).isTrue();
    assertThat(gate.sawInterrupt()).isTrue();
    assertThat(queuedRan).isFalse();
    assertThat(liveThreads("seam-grace-")).isEmpty();
  }

  @Test
  void closeIsIdempotent() {
    Seam seam = Seam.builder("twice").build();
    seam.close();
    seam.close();
    assertThat(seam.isClosed()).isTrue();
  }

  @Test
  void busySeamLeavesNoThreadAfterClose() throws Exception {
    Seam seam = Seam.builder("busy").maxConcurrency(4).maxQueued(1000).build();
    CompletableFuture<?>[] all = new CompletableFuture<?>[500];
    for (int i = 0; i < all.length; i++) {
      int n = i;
      all[i] = seam.call(() -> n * 2);
    }
    CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
    assertThat(liveThreads("seam-busy-")).isNotEmpty();
    seam.close();
    assertThat(liveThreads("seam-busy-")).isEmpty();
  }
}
