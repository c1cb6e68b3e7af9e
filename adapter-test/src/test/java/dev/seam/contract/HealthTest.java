package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.SeamHealth;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code seam.health()}: the verdict a readiness probe reads, with the numbers behind it. */
@ExtendWith(SeamLeakCheck.class)
class HealthTest {
  private final ManualClock clock = new ManualClock();

  private Seam seam(String name) {
    return Seam.builder(name)
        .maxConcurrency(1)
        .maxQueued(1)
        .timeout(Duration.ofSeconds(1))
        .clock(clock)
        .build();
  }

  @Test
  void anIdleSeamIsHealthyAndReady() {
    try (Seam seam = seam("idle")) {
      SeamHealth h = seam.health();
      assertThat(h.status()).isEqualTo(SeamHealth.Status.HEALTHY);
      assertThat(h.isReady()).isTrue();
      assertThat(h.reason()).startsWith("ok");
    }
  }

  @Test
  void abandonedCallsHoldingPermitsDegradeItThenItRecovers() throws Exception {
    try (Seam seam = seam("abandoning")) {
      Gate gate = new Gate();
      CompletableFuture<String> f = seam.call(call -> gate.passIgnoringInterrupts("x"));
      gate.awaitStarted();
      clock.advance(Duration.ofSeconds(1));
      assertThat(f).isCompletedExceptionally();
      SeamHealth h = seam.health();
      assertThat(h.status()).isEqualTo(SeamHealth.Status.DEGRADED);
      assertThat(h.isReady()).isTrue();
      assertThat(h.reason()).contains("1 abandoned call(s) still hold permits");
      gate.open();
      gate.awaitReturned();
      Await.until(() -> seam.stats().abandoned() == 0, "abandoned call returned");
      // The timeout is still in the window, but one call of one is below the minimum count.
      assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.HEALTHY);
    }
  }

  @Test
  void manyTimeoutsInTheWindowDegradeItUntilTheWindowMovesOn() throws Exception {
    try (Seam seam = Seam.builder("slowish").timeout(Duration.ofSeconds(1)).clock(clock).build()) {
      List<CompletableFuture<String>> slow = new ArrayList<>();
      List<Gate> gates = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Gate g = new Gate();
        gates.add(g);
        slow.add(seam.call(call -> g.pass("x")));
        g.awaitStarted();
      }
      for (int i = 0; i < 9; i++) {
        seam.call(call -> "fast").get(5, TimeUnit.SECONDS);
      }
      clock.advance(Duration.ofSeconds(1)); // 3 of 12 time out: 25 %
      for (int i = 0; i < 3; i++) {
        assertThat(slow.get(i)).isCompletedExceptionally();
        gates.get(i).awaitReturned();
      }
      Await.until(() -> seam.stats().abandoned() == 0, "interrupted calls returned");
      SeamHealth h = seam.health();
      assertThat(h.status()).isEqualTo(SeamHealth.Status.DEGRADED);
      assertThat(h.timeoutRate()).isEqualTo(0.25);
      assertThat(h.reason()).contains("3 of 12 calls (25%) timed out");

      clock.advance(Duration.ofSeconds(10));
      assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.DEGRADED); // marks the window
      clock.advance(Duration.ofSeconds(10));
      assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.HEALTHY);
    }
  }

  @Test
  void aSeamThatRejectsIsSaturatedAndNotReadyAndAClosedOneIsClosed() throws Exception {
    Seam seam = seam("full");
    Gate gate = new Gate();
    CompletableFuture<String> running = seam.call(call -> gate.pass("a"));
    gate.awaitStarted();
    CompletableFuture<String> queued = seam.call(call -> "b");
    assertThat(seam.call(call -> "c")).isCompletedExceptionally();
    SeamHealth h = seam.health();
    assertThat(h.status()).isEqualTo(SeamHealth.Status.SATURATED);
    assertThat(h.isReady()).isFalse();
    assertThat(h.rejectedRecently()).isEqualTo(1);
    assertThat(h.reason()).contains("full now").contains("1/1 running, 1/1 queued");
    gate.open();
    assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("b");
    assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.SATURATED); // still in window
    clock.advance(Duration.ofSeconds(10));
    seam.health();
    clock.advance(Duration.ofSeconds(10));
    assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.HEALTHY);
    seam.close();
    assertThat(seam.health().status()).isEqualTo(SeamHealth.Status.CLOSED);
    assertThat(seam.health().isReady()).isFalse();
  }

  @Test
  void aRejectionFromAnHourAgoDoesNotMakeTheFirstProbeSaturated() throws Exception {
    try (Seam seam = seam("old-rejection")) {
      Gate gate = new Gate();
      CompletableFuture<String> running = seam.call(call -> gate.pass("a"));
      gate.awaitStarted();
      CompletableFuture<String> queued = seam.call(call -> "b");
      assertThat(seam.call(call -> "c")).isCompletedExceptionally(); // rejected, never probed
      gate.open();
      assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("a");
      assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("b");

      clock.advance(Duration.ofHours(1));

      SeamHealth h = seam.health();
      assertThat(h.status()).as(h.reason()).isEqualTo(SeamHealth.Status.HEALTHY);
      assertThat(h.isReady()).isTrue();
      assertThat(h.rejectedRecently()).isZero();
    }
  }

  @Test
  void aRejectionJustBeforeTheFirstProbeAfterAQuietHourStillCounts() throws Exception {
    try (Seam seam = seam("recent-rejection")) {
      clock.advance(Duration.ofHours(1));
      Gate gate = new Gate();
      CompletableFuture<String> running = seam.call(call -> gate.pass("a"));
      gate.awaitStarted();
      CompletableFuture<String> queued = seam.call(call -> "b");
      assertThat(seam.call(call -> "c")).isCompletedExceptionally();
      gate.open();
      assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("a");
      assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("b");
      clock.advance(Duration.ofSeconds(5));

      SeamHealth h = seam.health();
      assertThat(h.status()).isEqualTo(SeamHealth.Status.SATURATED);
      assertThat(h.rejectedRecently()).isEqualTo(1);
    }
  }

  @Test
  void timeoutsFromAnHourAgoDoNotDegradeTheFirstProbe() throws Exception {
    try (Seam seam =
        Seam.builder("old-timeouts").timeout(Duration.ofSeconds(1)).clock(clock).build()) {
      List<CompletableFuture<String>> slow = new ArrayList<>();
      List<Gate> gates = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Gate g = new Gate();
        gates.add(g);
        slow.add(seam.call(call -> g.pass("x")));
        g.awaitStarted();
      }
      for (int i = 0; i < 9; i++) {
        seam.call(call -> "fast").get(5, TimeUnit.SECONDS);
      }
      clock.advance(Duration.ofSeconds(1)); // 3 of 12 time out
      assertThat(slow).allMatch(CompletableFuture::isCompletedExceptionally);
      for (Gate g : gates) {
        g.awaitReturned();
      }
      Await.until(() -> seam.stats().abandoned() == 0, "interrupted calls returned");

      clock.advance(Duration.ofHours(1));

      SeamHealth h = seam.health();
      assertThat(h.status()).as(h.reason()).isEqualTo(SeamHealth.Status.HEALTHY);
    }
  }
}
