package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamClosedException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Close completes everything submitted before it, and never waits on itself (C6+). */
@ExtendWith(SeamLeakCheck.class)
class CloseEdgeTest {

  @Test
  void closeCompletesACallWhoseWorkerHadNotStartedItAndTheBodyNeverRuns() throws Exception {
    StallClock clock = new StallClock();
    Seam seam = Seam.builder("unstarted").shutdownGrace(Duration.ZERO).clock(clock).build();
    AtomicBoolean bodyRan = new AtomicBoolean();
    clock.stallRead("seam-unstarted-", 1); // the worker's first step of starting the call
    CompletableFuture<String> f =
        seam.call(
            () -> {
              bodyRan.set(true);
              return "ran";
            });
    assertThat(clock.awaitStalled(10_000)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(seam::close);
    Await.until(f::isDone, "close completes the admitted call");
    clock.release();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(f)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class);
    assertThat(bodyRan).as("a call body ran after close").isFalse();
  }

  @Test
  void closeOnAnInterruptedThreadCompletesQueuedCallsAndKeepsTheInterrupt() throws Exception {
    Seam seam =
        Seam.builder("interrupted-close")
            .maxConcurrency(1)
            .maxQueued(4)
            .shutdownGrace(Duration.ofSeconds(30))
            .build();
    Gate gate = new Gate();
    AtomicBoolean queuedBodyRan = new AtomicBoolean();
    CompletableFuture<String> running = seam.call(() -> gate.pass("running"));
    CompletableFuture<String> queued =
        seam.call(
            () -> {
              queuedBodyRan.set(true);
              return "queued";
            });
    gate.awaitStarted();

    Thread.currentThread().interrupt();
    seam.close();
    boolean stillInterrupted = Thread.interrupted();

    assertThat(stillInterrupted).as("close keeps the caller's interrupt").isTrue();
    assertThat(running).isCompletedExceptionally();
    assertThat(queued)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class);
    gate.awaitReturned();
    assertThat(gate.sawInterrupt()).isTrue();
    assertThat(queuedBodyRan).isFalse();
  }

  @Test
  void closeFromADependentStageOfAFutureThatCloseFailsReturns() throws Exception {
    Seam seam = Seam.builder("stage-close").shutdownGrace(Duration.ZERO).build();
    Gate gate = new Gate();
    CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
    CountDownLatch stageClosed = new CountDownLatch(1);
    CompletableFuture<String> stage =
        f.whenComplete(
            (v, e) -> {
              seam.close(); // runs on the thread that is closing: it must not wait for itself
              stageClosed.countDown();
            });
    gate.awaitStarted();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(seam::close);

    closing.get(10, TimeUnit.SECONDS);
    assertThat(stageClosed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(f).isCompletedExceptionally();
    assertThat(stage).isCompletedExceptionally();
    gate.awaitReturned();
  }

  @Test
  void closeFromACancelHookLetsTheInterruptThroughAndFinishes() throws Exception {
    Seam seam = Seam.builder("hook-close").shutdownGrace(Duration.ofSeconds(30)).build();
    Gate gate = new Gate();
    CountDownLatch hookReturned = new CountDownLatch(1);
    CompletableFuture<String> f =
        seam.call(
            call -> {
              call.onCancel(
                  () -> {
                    seam.close();
                    hookReturned.countDown();
                  });
              return gate.pass("late");
            });
    gate.awaitStarted();

    f.cancel(true);

    assertThat(hookReturned.await(10, TimeUnit.SECONDS))
        .as("close from a hook returns without waiting for the grace")
        .isTrue();
    gate.awaitReturned();
    assertThat(gate.sawInterrupt()).as("the worker is interrupted after the hook").isTrue();
    assertThat(seam.isClosed()).isTrue();
    seam.close(); // waits for the closer thread to finish
    assertThat(seam.stats().running()).isZero();
  }

  @Test
  void closeFromTheSeamsOwnWorkerReturnsAtOnceAndTheSeamStillCloses() throws Exception {
    Seam seam = Seam.builder("worker-close").shutdownGrace(Duration.ofSeconds(30)).build();
    CountDownLatch closeReturned = new CountDownLatch(1);
    CompletableFuture<String> f =
        seam.call(
            () -> {
              seam.close();
              closeReturned.countDown();
              return "closed from inside";
            });

    assertThat(closeReturned.await(10, TimeUnit.SECONDS))
        .as("close from a worker does not wait the grace for its own call")
        .isTrue();
    assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("closed from inside");
    assertThat(seam.isClosed()).isTrue();
    seam.close();
    assertThat(seam.call(() -> "later"))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(SeamClosedException.class);
  }
}
