package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Propagators;
import dev.seam.Seam;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * Dependent stages see the submitter's context on whatever thread runs them (C4+), and every way of
 * completing the future from outside abandons the call (no bypass).
 */
@ExtendWith(SeamLeakCheck.class)
class StageContextTest {

  @Test
  void stagesSeeTheSubmittersContextEvenWhenAnotherThreadWaitingInJoinRunsThem() throws Exception {
    int rounds = 2_000;
    Map<String, Integer> seen = new HashMap<>();
    try (Seam seam = Seam.builder("waiter").maxConcurrency(2).maxQueued(rounds).build()) {
      for (int i = 0; i < rounds; i++) {
        CountDownLatch go = new CountDownLatch(1);
        MDC.put("req", "caller");
        CompletableFuture<String> f =
            seam.call(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  return "v";
                });
        List<CompletableFuture<String>> stages = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
          stages.add(f.thenApply(v -> String.valueOf(MDC.get("req"))));
        }
        MDC.remove("req");
        Thread waiter =
            new Thread(
                () -> {
                  MDC.put("req", "waiter");
                  try {
                    f.join();
                  } finally {
                    MDC.clear();
                  }
                });
        waiter.start();
        go.countDown();
        for (CompletableFuture<String> stage : stages) {
          seen.merge(stage.get(10, TimeUnit.SECONDS), 1, Integer::sum);
        }
        waiter.join(10_000);
      }
    }
    assertThat(seen.keySet()).containsExactly("caller");
    assertThat(seen.get("caller")).isEqualTo(rounds * 4);
  }

  @Test
  void stagesOfAFutureCancelledFromAnotherThreadSeeTheSubmittersContext() throws Exception {
    try (Seam seam = Seam.builder("cancel-ctx").build()) {
      Gate gate = new Gate();
      MDC.put("req", "caller");
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      CompletableFuture<String> seenInStage = f.exceptionally(e -> MDC.get("req"));
      CompletableFuture<String> seenTwoStagesOn =
          f.handle((v, e) -> "x").thenApply(x -> MDC.get("req"));
      MDC.remove("req");
      gate.awaitStarted();

      Thread canceller =
          new Thread(
              () -> {
                MDC.put("req", "canceller");
                try {
                  f.cancel(true);
                } finally {
                  MDC.clear();
                }
              });
      canceller.start();
      canceller.join(10_000);

      assertThat(seenInStage).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("caller");
      assertThat(seenTwoStagesOn).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("caller");
      gate.awaitReturned();
    }
  }

  @Test
  void stageAddedAfterCompletionRunsInTheSubmittersContextOnTheAddingThread() {
    try (Seam seam = Seam.builder("late-stage").propagate(Propagators.mdc()).build()) {
      MDC.put("req", "caller");
      CompletableFuture<String> f = seam.call(() -> "v");
      MDC.remove("req");
      f.join();
      MDC.put("req", "other");
      try {
        assertThat(f.thenApply(v -> MDC.get("req")).join()).isEqualTo("caller");
        assertThat(MDC.get("req")).as("the adding thread's context is restored").isEqualTo("other");
      } finally {
        MDC.remove("req");
      }
    }
  }

  @Test
  void completeAsyncAbandonsTheCallLikeComplete() throws Exception {
    ManualClock clock = new ManualClock();
    try (Seam seam = Seam.builder("complete-async").clock(clock).build()) {
      Gate gate = new Gate();
      CountDownLatch hookRan = new CountDownLatch(1);
      CompletableFuture<String> f =
          seam.call(
              call -> {
                call.onCancel(hookRan::countDown);
                return gate.pass("late");
              });
      gate.awaitStarted();

      f.completeAsync(() -> "from holder", Runnable::run);

      assertThat(f).isCompletedWithValue("from holder");
      assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
      assertThat(seam.stats().cancelled()).isEqualTo(1);
    }
  }

  @Test
  void obtrudeValueAbandonsTheCall() throws Exception {
    try (Seam seam = Seam.builder("obtrude").build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("late"));
      gate.awaitStarted();

      f.obtrudeValue("forced");

      gate.awaitReturned();
      assertThat(gate.sawInterrupt()).isTrue();
      assertThat(f.join()).isEqualTo("forced");
    }
  }

  @Test
  void completingADerivedStageDoesNotReachTheCall() throws Exception {
    try (Seam seam = Seam.builder("derived-complete").build()) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(() -> gate.pass("value"));
      CompletableFuture<Integer> derived = f.thenApply(String::length);
      CompletableFuture<Integer> failed = f.thenApply(String::length);
      gate.awaitStarted();

      // Only cancel reaches the call (DerivedStageCancelTest); a holder's own value does not.
      assertThat(derived.complete(0)).isTrue();
      assertThat(failed.completeExceptionally(new IllegalStateException("mine"))).isTrue();
      gate.open();

      assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("value");
      assertThat(gate.sawInterrupt()).isFalse();
    }
  }
}
