package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real threads and the real clock, racing submissions, cancels, timeouts and failures: every future
 * completes exactly once and the counters add up. Asserts invariants, not timings.
 */
@ExtendWith(SeamLeakCheck.class)
class StressTest {

  @Test
  void everySubmittedCallCompletesExactlyOnceAndTheCountersAddUp() throws Exception {
    Seam seam =
        Seam.builder("stress")
            .maxConcurrency(4)
            .maxQueued(64)
            .timeout(Duration.ofSeconds(5))
            .build();
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    AtomicInteger completions = new AtomicInteger();
    try {
      List<java.util.concurrent.Future<List<CompletableFuture<Integer>>>> batches =
          new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        batches.add(
            submitters.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  List<CompletableFuture<Integer>> mine = new ArrayList<>();
                  for (int i = 0; i < 1000; i++) {
                    int kind = random.nextInt(10);
                    CompletableFuture<Integer> f;
                    if (kind == 0) {
                      f =
                          seam.call(
                              Duration.ofNanos(1 + random.nextInt(200_000)), call -> spin(call));
                    } else if (kind == 1) {
                      f =
                          seam.call(
                              () -> {
                                throw new IllegalStateException("failure " + seed);
                              });
                    } else {
                      f = seam.call(() -> spin(null));
                    }
                    if (kind == 2) {
                      f.cancel(true);
                    }
                    var unused = f.whenComplete((v, e) -> completions.incrementAndGet());
                    mine.add(f);
                  }
                  return mine;
                }));
      }
      for (var b : batches) {
        futures.addAll(b.get(60, TimeUnit.SECONDS));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .handle((v, e) -> null)
          .get(60, TimeUnit.SECONDS);
    } finally {
      submitters.shutdown();
      seam.close();
    }

    assertThat(futures).hasSize(4000).allMatch(CompletableFuture::isDone);
    assertThat(completions).hasValue(4000);
    SeamStats s = seam.stats();
    assertThat(s.submitted()).isEqualTo(4000);
    assertThat(s.succeeded() + s.failed() + s.timedOut() + s.cancelled() + s.rejected())
        .isEqualTo(4000);
    assertThat(s.running()).isZero();
    assertThat(s.queued()).isZero();
    assertThat(s.abandoned()).isZero();
    assertThat(s.failed()).isPositive();
    assertThat(s.succeeded()).isPositive();
  }

  private static int spin(dev.seam.CallContext call) throws InterruptedException {
    int x = 0;
    for (int i = 0; i < 20_000; i++) {
      x += i ^ (x << 1);
      if (call != null && call.isCancelled()) {
        break;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return x;
  }
}
