package dev.seam.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.testing.SeamLeakCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Under racing outcomes (timeouts, cancels, rejections, abandoned calls), every call that started
 * is timed exactly once, and the counters add up to what was submitted.
 */
@ExtendWith(SeamLeakCheck.class)
class SeamMetricsAgreementTest {

  @Test
  void timersCountEachCallThatRanOnceWhateverRaceEndedIt() {
    MeterRegistry registry = new SimpleMeterRegistry();
    SeamMetrics metrics = SeamMetrics.of(registry);
    SplittableRandom random = new SplittableRandom(42);
    Seam seam =
        metrics.instrument(
            Seam.builder("racy").maxConcurrency(4).maxQueued(8).timeout(Duration.ofMillis(2)));
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int kind = random.nextInt(4);
      long work = TimeUnit.MICROSECONDS.toNanos(random.nextInt(3000));
      CompletableFuture<String> f =
          seam.call(
              call -> {
                LockSupport.parkNanos(work); // the work itself, not a wait for another thread
                if (kind == 0) {
                  throw new IOException("failed on purpose");
                }
                return "ok";
              });
      if (kind == 1) {
        f.cancel(true);
      }
      futures.add(f);
    }
    seam.close(); // every future complete, every worker gone, so every listener step was told
    assertThat(futures).allMatch(CompletableFuture::isDone);

    SeamStats stats = seam.stats();
    assertThat(registry.get("seam.run").timer().count()).isEqualTo(stats.runTime().count());
    assertThat(registry.get("seam.queue.wait").timer().count())
        .isEqualTo(stats.queueWait().count());
    double outcomes =
        registry.get("seam.calls").functionCounters().stream().mapToDouble(c -> c.count()).sum();
    assertThat(outcomes).isEqualTo(3000).isEqualTo((double) stats.submitted());
    assertThat(stats.timedOut()).as("the mix reached timeouts").isPositive();
    assertThat(stats.cancelled()).as("the mix reached cancels").isPositive();
    assertThat(stats.rejected()).as("the mix reached rejections").isPositive();
  }
}
