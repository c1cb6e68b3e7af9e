package dev.seam.examples;

import dev.seam.Seam;
import dev.seam.SeamException;
import dev.seam.SeamStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;

/**
 * The README's demo: a legacy blocking client behind a seam. It shows admission limits, a deadline
 * that stops the work through a cancel hook, the caller's MDC on the worker, and what a failure
 * looks like, then prints the seam's stats. Runs in about two seconds.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception if the demo itself breaks
   */
  public static void main(String[] args) throws Exception {
    try (Seam inventory =
        Seam.builder("inventory")
            .maxConcurrency(4)
            .maxQueued(8)
            .timeout(Duration.ofSeconds(2))
            .build()) {
      burst(inventory);
      deadline(inventory);
      context(inventory);
      failure(inventory);
      SeamStats s = inventory.stats();
      System.out.printf(
          "%nstats: %d submitted, %d succeeded, %d failed, %d timed out, %d rejected;"
              + " run time p50 %d ms, p99 %d ms%n",
          s.submitted(),
          s.succeeded(),
          s.failed(),
          s.timedOut(),
          s.rejected(),
          s.runTime().p50().toMillis(),
          s.runTime().p99().toMillis());
    }
    System.out.println("closed: no seam thread left");
  }

  /** 20 calls at once against 4 workers and 8 queue slots: 12 run, 8 are rejected at once. */
  private static void burst(Seam inventory) {
    System.out.println("1. A burst of 20 lookups against maxConcurrency 4, maxQueued 8");
    LegacyInventoryClient client = new LegacyInventoryClient(50);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String sku = "SKU-" + i;
      calls.add(inventory.call(() -> client.stockOf(sku)));
    }
    int ok = 0;
    int rejected = 0;
    for (CompletableFuture<Integer> f : calls) {
      try {
        f.join();
        ok++;
      } catch (RuntimeException e) {
        rejected++;
        if (rejected == 1) {
          System.out.println("   first rejection: " + e.getCause().getMessage());
        }
      }
    }
    System.out.printf(
        "   %d answered, %d rejected without ever blocking the caller%n", ok, rejected);
  }

  /** A 200 ms deadline on a 5 s lookup: the future fails on time and the hook aborts the work. */
  private static void deadline(Seam inventory) {
    System.out.println("2. A lookup that takes 5 s, with a 200 ms deadline");
    LegacyInventoryClient slow = new LegacyInventoryClient(5_000);
    CompletableFuture<Void> workerStopped = new CompletableFuture<>();
    long start = System.nanoTime();
    CompletableFuture<Integer> f =
        inventory.call(
            Duration.ofMillis(200),
            call -> {
              call.onCancel(
                  () -> {
                    System.out.println(
                        "   cancel hook on " + Thread.currentThread().getName() + ": aborting");
                    slow.abort();
                  });
              try {
                return slow.stockOf("SKU-SLOW");
              } finally {
                workerStopped.complete(null);
              }
            });
    try {
      f.join();
    } catch (RuntimeException e) {
      System.out.printf("   after %d ms: %s%n", millisSince(start), e.getCause().getMessage());
    }
    workerStopped.join();
    System.out.printf("   the worker stopped after %d ms, not 5000%n", millisSince(start));
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** The caller's MDC is on the worker for the call, and only for the call. */
  private static void context(Seam inventory) {
    System.out.println("3. Context carried to the worker");
    MDC.put("requestId", "req-7f3a");
    CompletableFuture<String> seen =
        inventory.call(
            () -> Thread.currentThread().getName() + " sees requestId=" + MDC.get("requestId"));
    MDC.remove("requestId");
    System.out.println("   " + seen.join());
  }

  /** A failure names the seam and timings, points at the caller, and keeps the cause. */
  private static void failure(Seam inventory) {
    System.out.println("4. A failing lookup");
    LegacyInventoryClient client = new LegacyInventoryClient(10);
    try {
      inventory.call(() -> client.stockOf("X-404")).join();
    } catch (RuntimeException e) {
      SeamException failure = (SeamException) e.getCause();
      System.out.println("   " + failure);
      System.out.println("     at " + failure.getStackTrace()[0] + "   <- the caller's frame");
      System.out.println("   cause: " + failure.getCause());
    }
  }
}
