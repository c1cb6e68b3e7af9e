package dev.seam.contract;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The invariant violations of one {@link RaceStressTest} run, collected from any thread and
 * reported together at the end: each invariant with how often it broke and its first rounds, so one
 * failure says which races lose and how often, not only the first that did.
 */
final class RaceLedger {
  private static final int EXAMPLES_PER_INVARIANT = 3;

  private final String run;
  private final long startedNanos = System.nanoTime();
  private final Map<String, AtomicInteger> counts = new ConcurrentSkipListMap<>();
  private final Map<String, Queue<String>> examples = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> coverage = new ConcurrentSkipListMap<>();
  private volatile int rounds;

  RaceLedger(String run) {
    this.run = run;
  }

  void violation(String invariant, int round, String detail) {
    counts.computeIfAbsent(invariant, k -> new AtomicInteger()).incrementAndGet();
    Queue<String> q = examples.computeIfAbsent(invariant, k -> new ConcurrentLinkedQueue<>());
    if (q.size() < EXAMPLES_PER_INVARIANT) {
      q.add("round " + round + ": " + detail);
    }
  }

  /** Counts where races landed (say "cancel before start"), to show the rounds hit each edge. */
  void landed(String where) {
    coverage.computeIfAbsent(where, k -> new AtomicInteger()).incrementAndGet();
  }

  void roundsRun(int n) {
    rounds = n;
  }

  String summary() {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    return run + ": " + rounds + " rounds in " + ms + " ms; landed " + coverage;
  }

  /** Fails with every violated invariant, its count and examples; passes if there were none. */
  void assertNoViolations() {
    System.out.println("RaceStressTest " + summary() + "; violations " + counts);
    if (counts.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(summary()).append("\ninvariants violated:");
    counts.forEach(
        (invariant, n) -> {
          sb.append("\n  [").append(n.get()).append("x] ").append(invariant);
          for (String e : examples.getOrDefault(invariant, new ConcurrentLinkedQueue<>())) {
            sb.append("\n      ").append(e);
          }
        });
    throw new AssertionError(sb.toString());
  }
}
