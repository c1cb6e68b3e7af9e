package dev.seam.reliability;

import dev.seam.Seam;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plain blocking work on a seam: short and long work under random deadlines, work that throws, and
 * work that submits to its own (often full) seam. Every call registers a cancel hook that records
 * whether it ever ran twice.
 */
final class CoreTarget implements SoakTarget {
  private final Seam seam =
      Seam.builder("soak-core")
          .maxConcurrency(4)
          .maxQueued(8)
          .timeout(Duration.ofSeconds(1))
          .build();
  private final SoakLedger ledger;
  final AtomicLong hooksRun = new AtomicLong();
  final AtomicLong hooksRunTwice = new AtomicLong();

  CoreTarget(SoakLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return "core";
  }

  @Override
  public Seam seam() {
    return seam;
  }

  @Override
  public CompletableFuture<?> next(SplittableRandom r) {
    int pick = r.nextInt(100);
    long workNanos = 1_000_000L * r.nextInt(pick < 70 ? 20 : 300);
    Duration deadline = Duration.ofMillis(20 + r.nextInt(200));
    boolean fails = pick >= 90;
    boolean nests = pick >= 85 && pick < 90;
    return seam.call(
        deadline,
        call -> {
          AtomicBoolean ran = new AtomicBoolean();
          call.onCancel(
              () -> {
                hooksRun.incrementAndGet();
                if (ran.getAndSet(true)) {
                  hooksRunTwice.incrementAndGet();
                }
              });
          if (nests) {
            // Submitting to its own seam from a worker: rejected at once when full, never a wait.
            var unused = ledger.track(seam.call(() -> "inner"));
          }
          LockSupport.parkNanos(workNanos); // the blocking work being simulated
          if (fails) {
            throw new IllegalStateException("injected failure");
          }
          return "done";
        });
  }

  @Override
  public void close() {
    seam.close();
  }
}
