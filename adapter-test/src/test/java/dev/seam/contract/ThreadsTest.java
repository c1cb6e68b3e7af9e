package dev.seam.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.Seam;
import dev.seam.ThreadMode;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SeamLeakCheck.class)
class ThreadsTest {

  private static boolean isVirtual(Thread t) throws Exception {
    Method m = Thread.class.getMethod("isVirtual");
    return (boolean) m.invoke(t);
  }

  @Test
  void platformWorkersAreNamedAfterTheSeam() throws Exception {
    try (Seam seam = Seam.builder("orders-db").build()) {
      assertThat(seam.call(() -> Thread.currentThread().getName()))
          .succeedsWithin(Duration.ofSeconds(10))
          .asString()
          .matches("seam-orders-db-\\d+");
    }
  }

  /**
   * One test for both JDKs, so nothing is skipped: on Java 21+ (CI runs it on 25) calls run on
   * bounded virtual threads; on 17 asking for them fails clearly at build().
   */
  @Test
  void virtualThreadsRunBoundedOnJava21AndFailClearlyBefore() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(() -> Seam.builder("vt").threads(ThreadMode.VIRTUAL).build())
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("virtual threads need Java 21 or later")
          .hasMessageContaining("this JVM is Java " + Runtime.version());
      return;
    }
    try (Seam seam =
        Seam.builder("vt")
            .threads(ThreadMode.VIRTUAL)
            .maxConcurrency(2)
            .maxQueued(10)
            .clock(new ManualClock())
            .build()) {
      Gate gate = new Gate();
      List<CompletableFuture<Thread>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(seam.call(() -> gate.pass(Thread.currentThread())));
      }
      assertThat(seam.stats().running()).isEqualTo(2);
      assertThat(seam.stats().queued()).isEqualTo(3);
      gate.open();
      for (CompletableFuture<Thread> f : futures) {
        Thread t = f.get();
        assertThat(isVirtual(t)).isTrue();
        assertThat(t.getName()).matches("seam-vt-\\d+");
      }
    }
  }

  @Test
  void interruptFlagIsClearedBeforeTheNextCall() throws Exception {
    try (Seam seam = Seam.builder("flag").maxConcurrency(1).clock(new ManualClock()).build()) {
      Gate gate = new Gate();
      CompletableFuture<String> first =
          seam.call(
              () -> {
                String name = gate.pass(Thread.currentThread().getName());
                Thread.currentThread().interrupt(); // leaves the flag set on the worker
                return name;
              });
      gate.awaitStarted();
      // Queued behind the first, so the same worker takes it straight after, with no pool
      // bookkeeping in between that might clear the flag for us.
      CompletableFuture<Boolean> second = seam.call(() -> Thread.currentThread().isInterrupted());
      CompletableFuture<String> secondThread = seam.call(() -> Thread.currentThread().getName());
      gate.open();
      assertThat(second).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
      assertThat(secondThread).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(first.get());
    }
  }
}
