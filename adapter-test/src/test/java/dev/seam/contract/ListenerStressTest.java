package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamEvent;
import dev.seam.SeamEvent.Kind;
import dev.seam.SeamStats;
import dev.seam.SeamTimeoutException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Under cancels racing completion and deadlines racing call start, the listener hears every call
 * exactly once: one outcome per admitted call, the outcome its caller saw, and as many {@code
 * abandonedReturned} as {@code abandoned}. Bounded: a few thousand calls on the real clock.
 */
@ExtendWith(SeamLeakCheck.class)
class ListenerStressTest {
  private static final int CALLS = 3_000;

  @Test
  void everyCallIsToldExactlyOnceAndAsItsCallerSawIt() throws Exception {
    long seed = Long.getLong("seam.stress.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    EventLog log = new EventLog();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    SeamStats stats;
    try (Seam seam =
        Seam.builder("told-once")
            .maxConcurrency(2)
            .maxQueued(8)
            .timeout(Duration.ofMillis(2))
            .listener(log)
            .build()) {
      for (int i = 0; i < CALLS; i++) {
        long work = random.nextInt(3) * 500_000L; // 0, 0.5 or 1 ms: around the deadline
        CompletableFuture<String> f =
            seam.call(
                CallOptions.defaults().withDescription("c" + i),
                call -> {
                  LockSupport.parkNanos(work);
                  return "ok";
                });
        futures.add(f);
        if (random.nextInt(4) == 0) {
          LockSupport.parkNanos(random.nextInt(300_000));
          f.cancel(true);
        }
      }
      for (CompletableFuture<String> f : futures) {
        f.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      }
      Await.until(() -> seam.stats().abandoned() == 0, "every abandoned worker returned");
      Await.until(() -> outcomes(log) == CALLS, "every outcome told");
      stats = seam.stats();
    }

    Map<Kind, Integer> total = new EnumMap<>(Kind.class);
    for (int i = 0; i < CALLS; i++) {
      String name = "c" + i;
      List<Kind> kinds = log.of(name);
      kinds.forEach(k -> total.merge(k, 1, Integer::sum));
      List<Kind> outcomes = kinds.stream().filter(ListenerStressTest::isOutcome).toList();
      assertThat(outcomes).as("outcomes of %s (seed %d): %s", name, seed, kinds).hasSize(1);
      if (outcomes.get(0) != Kind.REJECTED) {
        assertThat(kinds).as("%s (seed %d)", name, seed).containsOnlyOnce(Kind.QUEUED);
      }
      assertThat(kinds.stream().filter(k -> k == Kind.STARTED).count()).isLessThanOrEqualTo(1);
      assertThat(kinds.stream().filter(k -> k == Kind.ABANDONED).count())
          .as("%s (seed %d): %s", name, seed, kinds)
          .isEqualTo(kinds.stream().filter(k -> k == Kind.ABANDONED_RETURNED).count())
          .isLessThanOrEqualTo(1);
      assertThat(outcomes.get(0)).as("%s (seed %d)", name, seed).isEqualTo(seen(futures.get(i)));
    }
    // The mix really raced: calls succeeded, were cancelled and timed out.
    assertThat(total).as("seed %d", seed).containsKeys(Kind.SUCCEEDED, Kind.CANCELLED);
    assertThat(count(total, Kind.TIMED_OUT) + count(total, Kind.REJECTED)).isPositive();
    assertThat(count(total, Kind.SUCCEEDED)).isEqualTo(stats.succeeded());
    assertThat(count(total, Kind.TIMED_OUT)).isEqualTo(stats.timedOut());
    assertThat(count(total, Kind.CANCELLED)).isEqualTo(stats.cancelled());
    assertThat(count(total, Kind.REJECTED)).isEqualTo(stats.rejected());
    assertThat(count(total, Kind.FAILED)).isEqualTo(stats.failed());
  }

  private static long count(Map<Kind, Integer> total, Kind kind) {
    return total.getOrDefault(kind, 0);
  }

  private static boolean isOutcome(Kind k) {
    return new SeamEvent("s", k, null, 0, 0, 0, 0, null).isOutcome();
  }

  private static long outcomes(EventLog log) {
    return log.events().stream().filter(SeamEvent::isOutcome).count();
  }

  private static Kind seen(CompletableFuture<String> f) {
    try {
      f.join();
      return Kind.SUCCEEDED;
    } catch (CancellationException e) {
      return Kind.CANCELLED;
    } catch (CompletionException e) {
      if (e.getCause() instanceof SeamTimeoutException) {
        return Kind.TIMED_OUT;
      }
      if (e.getCause() instanceof dev.seam.SeamRejectedException) {
        return Kind.REJECTED;
      }
      return Kind.FAILED;
    }
  }
}
