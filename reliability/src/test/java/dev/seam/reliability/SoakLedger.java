package dev.seam.reliability;

import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every future the soak submitted: how many, how many completed, and as what. Holds no future
 * itself (so the heap figure measures Seam, not the ledger), and bounds how many are in flight.
 * Thread-safe: completions arrive on seam workers, timers and the cancelling thread.
 */
final class SoakLedger {
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

  SoakLedger(int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Waits for room for one more future; false if none came within the bound (a hang). */
  boolean awaitRoom(long millis) throws InterruptedException {
    return inFlight.tryAcquire(millis, TimeUnit.MILLISECONDS);
  }

  /** Counts {@code f} and its outcome when it completes; the caller has taken room for it. */
  <T> CompletableFuture<T> track(CompletableFuture<T> f, boolean holdsRoom) {
    submitted.incrementAndGet();
    var unused =
        f.whenComplete(
            (v, e) -> {
              completed.incrementAndGet();
              outcomes.computeIfAbsent(classify(e), k -> new LongAdder()).increment();
              if (holdsRoom) {
                inFlight.release();
              }
            });
    return f;
  }

  /** Counts a future submitted from inside a call, which holds no room. */
  <T> CompletableFuture<T> track(CompletableFuture<T> f) {
    return track(f, false);
  }

  /** Waits until every tracked future holding room has completed. */
  boolean awaitAll(long millis) throws InterruptedException {
    if (!inFlight.tryAcquire(maxInFlight, millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    inFlight.release(maxInFlight);
    return true;
  }

  long submitted() {
    return submitted.get();
  }

  long completed() {
    return completed.get();
  }

  long count(String outcome) {
    LongAdder n = outcomes.get(outcome);
    return n == null ? 0 : n.sum();
  }

  /** Every outcome but success and the seam's own (timeout, cancel, rejection): injected faults. */
  long faults() {
    return outcomes.entrySet().stream()
        .filter(e -> e.getKey().startsWith("failed:"))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  Map<String, Long> outcomes() {
    Map<String, Long> sorted = new TreeMap<>();
    outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }

  private static String classify(Throwable e) {
    if (e == null) {
      return "succeeded";
    }
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof CancellationException) {
      return "cancelled";
    } else if (t instanceof SeamTimeoutException) {
      return "timed out";
    } else if (t instanceof SeamRejectedException) {
      return "rejected";
    } else if (t instanceof SeamClosedException) {
      return "closed";
    } else if (t instanceof SeamCallException && t.getCause() != null) {
      return "failed: " + t.getCause().getClass().getSimpleName();
    }
    return "unexpected: " + t.getClass().getName();
  }
}
