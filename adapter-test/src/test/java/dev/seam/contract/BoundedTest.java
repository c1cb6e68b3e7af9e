package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamRejectedException;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class BoundedTest {

  @Test
  void rejectsExactlyTheCallBeyondConcurrencyPlusQueue() throws Exception {
    try (Seam seam =
        Seam.builder("orders").maxConcurrency(2).maxQueued(3).clock(new ManualClock()).build()) {
      Gate gate = new Gate();
      List<CompletableFuture<String>> admitted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        admitted.add(seam.call(() -> gate.pass("ok")));
      }
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> sixth =
          seam.call(
              () -> {
                ran.set(true);
                return "never";
              });

      assertThat(sixth)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamRejectedException.class)
          .withMessageStartingWith("seam 'orders' rejected a call: 2/2 running, 3/3 queued; ")
          .withMessageContaining("What to do: the downstream is slower than the load");
      SeamRejectedException rejected = (SeamRejectedException) sixth.handle((v, e) -> e).join();
      assertThat(rejected.seamName()).isEqualTo("orders");
      assertThat(rejected.running()).isEqualTo(2);
      assertThat(rejected.queued()).isEqualTo(3);
      assertThat(admitted).noneMatch(CompletableFuture::isDone);

      gate.open();
      for (CompletableFuture<String> f : admitted) {
        assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ok");
      }
      assertThat(ran).isFalse();
      assertThat(seam.stats().rejected()).isEqualTo(1);
      assertThat(seam.stats().succeeded()).isEqualTo(5);
    }
  }

  @Test
  void neverRunsMoreThanMaxConcurrencyAtOnce() throws Exception {
    try (Seam seam =
        Seam.builder("bound").maxConcurrency(3).maxQueued(100).clock(new ManualClock()).build()) {
      Gate gate = new Gate();
      java.util.concurrent.atomic.AtomicInteger current =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger peak =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.CountDownLatch threeStarted = new java.util.concurrent.CountDownLatch(3);
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        futures.add(
            seam.call(
                () -> {
                  peak.accumulateAndGet(current.incrementAndGet(), Math::max);
                  threeStarted.countDown();
                  try {
                    return gate.pass(1);
                  } finally {
                    current.decrementAndGet();
                  }
                }));
      }
      assertThat(threeStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(seam.stats().running()).isEqualTo(3);
      assertThat(seam.stats().queued()).isEqualTo(57);
      assertThat(current).hasValue(3);

      gate.open();

      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get();
      assertThat(peak).hasValue(3);
      assertThat(seam.stats().succeeded()).isEqualTo(60);
    }
  }

  @Test
  void zeroQueueMeansStartOrReject() throws Exception {
    try (Seam seam =
        Seam.builder("noqueue").maxConcurrency(1).maxQueued(0).clock(new ManualClock()).build()) {
      Gate gate = new Gate();
      CompletableFuture<String> first = seam.call(() -> gate.pass("first"));
      assertThat(seam.call(() -> "second"))
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(SeamRejectedException.class)
          .withMessageContaining("1/1 running, 0/0 queued");
      gate.open();
      assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
    }
  }
}
