package dev.seam.contract;

import dev.seam.CallContext;
import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamCallException;
import dev.seam.SeamClosedException;
import dev.seam.SeamRejectedException;
import dev.seam.SeamStats;
import dev.seam.SeamTimeoutException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One call of a {@link RaceStressTest} round: a cooperating blocking body, and what it and its
 * caller saw. The body blocks on a latch for at most {@link #BODY_WAIT_MILLIS}; a hooked body
 * registers a cancel hook that opens the latch (as {@code Statement.cancel()} would end a query), a
 * hookless one can only be stopped by an interrupt. Every record is written by the body, the hook
 * or the future's completion and read by the test after a bounded wait.
 */
final class RaceProbe {
  /** How long a body waits to be stopped: the bound on a lost hook or interrupt. */
  static final long BODY_WAIT_MILLIS = 500;

  /** What the caller of one call saw. */
  enum Outcome {
    BODY_VALUE,
    HOLDER,
    TIMED_OUT,
    CLOSED,
    REJECTED,
    FAILED,
    PENDING,
    UNEXPECTED
  }

  private final Lane lane;
  private final int round;
  private final int index;
  private final boolean hooked;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch returned = new CountDownLatch(1);
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger hookRuns = new AtomicInteger();
  private final AtomicInteger completions = new AtomicInteger();
  private volatile CompletableFuture<String> future;
  private volatile CompletableFuture<String> counted;
  private volatile boolean releasedByTest;
  private volatile boolean sawInterrupt;
  private volatile boolean waitedOut;
  private volatile boolean cancelledAtEntry;
  private volatile RuntimeException onCancelFailure;
  private volatile Boolean holderWon;

  RaceProbe(Lane lane, int round, int index, boolean hooked) {
    this.lane = lane;
    this.round = round;
    this.index = index;
    this.hooked = hooked;
  }

  /** Submits this probe's body and counts the future's completions. */
  void submit(Seam seam, CallOptions options) {
    lane.submitted.incrementAndGet();
    CompletableFuture<String> f = seam.call(options, this::run);
    future = f;
    counted =
        f.whenComplete(
            (v, e) -> {
              if (completions.incrementAndGet() > 1) {
                lane.violation("a future completes exactly once", round, describe());
              }
            });
  }

  private String run(CallContext call) {
    cancelledAtEntry = call.isCancelled();
    if (starts.incrementAndGet() > 1) {
      lane.violation("a call body runs at most once", round, describe());
    }
    if (lane.closeReturned) {
      lane.violation("no call body starts after close() returned", round, describe());
    }
    lane.enter(round);
    started.countDown();
    try {
      if (hooked) {
        try {
          var unused = call.onCancel(this::hook);
        } catch (RuntimeException e) {
          onCancelFailure = e;
          lane.violation("registering a cancel hook never throws", round, describe());
          throw e;
        }
      }
      try {
        if (!release.await(BODY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          waitedOut = true;
        }
      } catch (InterruptedException e) {
        sawInterrupt = true;
      }
      return value();
    } finally {
      lane.exit();
      returned.countDown();
    }
  }

  private void hook() {
    if (hookRuns.incrementAndGet() > 1) {
      lane.violation("hooks registered by a call run at most once", round, describe());
    }
    release.countDown();
  }

  /** Lets the body return on its own; such a body is not expected to see a hook or interrupt. */
  void release() {
    releasedByTest = true;
    release.countDown();
  }

  void holderWon(boolean won) {
    holderWon = won;
  }

  CompletableFuture<String> future() {
    return future;
  }

  /**
   * The stage that counts the future's completions: it completes only after the count was taken,
   * whereas the future itself reports done a moment before its dependents have run.
   */
  CompletableFuture<String> counted() {
    return counted;
  }

  boolean hasStarted() {
    return starts.get() > 0;
  }

  boolean awaitStarted(long millis) throws InterruptedException {
    return started.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits for a started body to return; a body that never started counts as returned. */
  boolean awaitReturned(long millis) throws InterruptedException {
    return !hasStarted() || returned.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Where, relative to the body, the call's future was completed from outside (if it was). */
  String landing() {
    if (!hasStarted()) {
      return "before start";
    }
    return cancelledAtEntry ? "at first instruction" : "while running";
  }

  String value() {
    return "r" + round + "#" + index;
  }

  /**
   * Classifies what the caller saw, counts it on the lane and checks the per-call invariants.
   *
   * @return what the caller saw
   */
  Outcome verify() throws InterruptedException {
    if (hasStarted()) {
      var unused = returned.await(BODY_WAIT_MILLIS * 3, TimeUnit.MILLISECONDS);
    }
    Outcome o = outcome();
    lane.count(o);
    if (o == Outcome.PENDING) {
      lane.violation("every submitted future completes", round, describe());
      return o;
    }
    if (completions.get() != 1) {
      lane.violation("a future completes exactly once", round, describe());
    }
    if (o == Outcome.UNEXPECTED) {
      lane.violation(
          "the caller sees the body's value, the holder's completion or a seam exception",
          round,
          describe());
    }
    if (hasStarted() && returned.getCount() > 0) {
      lane.violation("a started body has returned by the end of its round", round, describe());
    }
    boolean stoppedFromOutside =
        o == Outcome.HOLDER || o == Outcome.TIMED_OUT || o == Outcome.CLOSED;
    if (hasStarted() && !releasedByTest && stoppedFromOutside && lane.interruptOnCancel) {
      if (hooked && hookRuns.get() == 0 && !sawInterrupt) {
        lane.violation(
            "a call cancelled while running sees its cancel hook or an interrupt",
            round,
            describe());
      } else if (!hooked && !sawInterrupt) {
        lane.violation(
            "a hookless call stopped after its body started is interrupted", round, describe());
      }
    }
    if (o == Outcome.BODY_VALUE && waitedOut && !releasedByTest) {
      lane.violation(
          "close() cuts off a call still running when its grace ends", round, describe());
    }
    if (o == Outcome.BODY_VALUE && sawInterrupt) {
      lane.violation("only a cancelled call is interrupted", round, describe());
    }
    return o;
  }

  private Outcome outcome() {
    CompletableFuture<String> f = future;
    if (f == null || !f.isDone()) {
      return Outcome.PENDING;
    }
    if (Boolean.TRUE.equals(holderWon)) {
      return Outcome.HOLDER;
    }
    Throwable e = failure(f);
    if (e == null) {
      return value().equals(f.getNow(null)) ? Outcome.BODY_VALUE : Outcome.UNEXPECTED;
    }
    if (e instanceof SeamTimeoutException) {
      return Outcome.TIMED_OUT;
    } else if (e instanceof SeamRejectedException) {
      return Outcome.REJECTED;
    } else if (e instanceof SeamClosedException) {
      return Outcome.CLOSED; // admission refusal or close's cut-off: see Lane.checkStats
    } else if (e instanceof SeamCallException) {
      return Outcome.FAILED;
    }
    return Outcome.UNEXPECTED;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    Throwable e = f.handle((v, x) -> x).getNow(null);
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** The future's state in words: pending, succeeded(value), cancelled or failed(exception). */
  static String state(CompletableFuture<?> f) {
    if (f == null) {
      return "never returned by call()";
    }
    if (!f.isDone()) {
      return "pending";
    }
    if (f.isCancelled()) {
      return "cancelled";
    }
    Throwable e = failure(f);
    if (e == null) {
      return "succeeded(" + f.getNow(null) + ")";
    }
    String message = String.valueOf(e.getMessage());
    if (message.length() > 140) {
      message = message.substring(0, 140) + "...";
    }
    return "failed(" + e.getClass().getSimpleName() + ": " + message + ")";
  }

  String describe() {
    Boolean won = holderWon;
    return "call "
        + value()
        + (hooked ? " (hooked)" : " (hookless)")
        + ": future "
        + state(future)
        + "; body "
        + (!hasStarted()
            ? "never started"
            : returned.getCount() == 0 ? "started and returned" : "started, still running")
        + ", hook runs "
        + hookRuns.get()
        + ", interrupted "
        + sawInterrupt
        + ", waited out "
        + waitedOut
        + ", cancelled at entry "
        + cancelledAtEntry
        + (onCancelFailure == null ? "" : ", onCancel threw " + onCancelFailure)
        + ", released by test "
        + releasedByTest
        + ", holder "
        + (won == null ? "none" : won ? "won" : "lost")
        + ", completions "
        + completions.get();
  }

  /**
   * What the test knows about one seam: how many bodies run at once, whether close() returned, and
   * what the callers saw, to hold the seam's stats against.
   */
  static final class Lane {
    private final RaceLedger ledger;
    private final String condition;
    final int maxConcurrency;
    final boolean interruptOnCancel;
    final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();
    private final Map<Outcome, AtomicInteger> seen = new EnumMap<>(Outcome.class);
    volatile boolean closeReturned;

    /**
     * A lane for one seam.
     *
     * @param condition appended to every invariant it reports, so a failure counts each condition
     *     (say "grace 0 ms, interrupted close") on its own; empty for none
     */
    Lane(RaceLedger ledger, String condition, int maxConcurrency, boolean interruptOnCancel) {
      this.ledger = ledger;
      this.condition = condition;
      this.maxConcurrency = maxConcurrency;
      this.interruptOnCancel = interruptOnCancel;
      for (Outcome o : Outcome.values()) {
        seen.put(o, new AtomicInteger()); // filled before publication, only read afterwards
      }
    }

    void violation(String invariant, int round, String detail) {
      ledger.violation(
          condition.isEmpty() ? invariant : invariant + " [" + condition + "]", round, detail);
    }

    void enter(int round) {
      int now = running.incrementAndGet();
      highWater.accumulateAndGet(now, Math::max);
      if (now > maxConcurrency) {
        violation(
            "maxConcurrency is never exceeded",
            round,
            now + " bodies running at once, maxConcurrency " + maxConcurrency);
      }
    }

    void exit() {
      running.decrementAndGet();
    }

    int highWater() {
      return highWater.get();
    }

    void landed(String where) {
      ledger.landed(where);
    }

    void count(Outcome o) {
      seen.get(o).incrementAndGet();
    }

    int seen(Outcome o) {
      return seen.get(o).get();
    }

    /** What callers saw, by outcome. */
    record Seen(long body, long failed, long timedOut, long holder, long closed, long rejected) {
      Seen minus(Seen o) {
        return new Seen(
            body - o.body,
            failed - o.failed,
            timedOut - o.timedOut,
            holder - o.holder,
            closed - o.closed,
            rejected - o.rejected);
      }
    }

    /** The seam's outcome counters. */
    record Counted(long succeeded, long failed, long timedOut, long cancelled, long rejected) {
      static Counted of(SeamStats s) {
        return new Counted(s.succeeded(), s.failed(), s.timedOut(), s.cancelled(), s.rejected());
      }

      Counted minus(Counted o) {
        return new Counted(
            succeeded - o.succeeded,
            failed - o.failed,
            timedOut - o.timedOut,
            cancelled - o.cancelled,
            rejected - o.rejected);
      }
    }

    // Read and written by the test thread only, between rounds.
    private Seen lastSeen = new Seen(0, 0, 0, 0, 0, 0);
    private Counted lastCounted = new Counted(0, 0, 0, 0, 0);

    private Seen seenNow() {
      return new Seen(
          seen(Outcome.BODY_VALUE),
          seen(Outcome.FAILED),
          seen(Outcome.TIMED_OUT),
          seen(Outcome.HOLDER),
          seen(Outcome.CLOSED),
          seen(Outcome.REJECTED));
    }

    /**
     * Every caller's outcome is counted once, under the name the caller saw: a holder's cancel or
     * completion as cancelled, never as succeeded or timed out. Close's cut-off and an admission
     * refusal after close both surface as {@link SeamClosedException}, so those are held against
     * cancelled + rejected together.
     */
    private static boolean agree(Counted c, Seen s) {
      return c.succeeded() == s.body()
          && c.failed() == s.failed()
          && c.timedOut() == s.timedOut()
          && c.cancelled() + c.rejected() == s.holder() + s.closed() + s.rejected()
          && (s.closed() > 0 || (c.cancelled() == s.holder() && c.rejected() == s.rejected()));
    }

    /**
     * On a seam that is idle between rounds: the counters moved exactly as this round's callers
     * saw, so a disagreement names the round and its calls.
     */
    void checkRoundStats(SeamStats stats, int round, List<RaceProbe> probes) {
      checkRoundStats(() -> stats, round, probes);
    }

    /**
     * Like {@link #checkRoundStats(SeamStats, int, List)}, reading the stats until they agree or a
     * second has passed. A count can trail its future by the moment the thread that lost the
     * completion race needs to correct it (the holder's cancel beat a timer's or worker's
     * completion); a miscount that stays is still caught.
     */
    void checkRoundStats(Supplier<SeamStats> stats, int round, List<RaceProbe> probes) {
      Seen seen = seenNow();
      Counted counted = Counted.of(stats.get());
      long start = System.nanoTime();
      while (!agree(counted.minus(lastCounted), seen.minus(lastSeen))
          && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        counted = Counted.of(stats.get());
      }
      Seen roundSeen = seen.minus(lastSeen);
      Counted roundCounted = counted.minus(lastCounted);
      lastSeen = seen;
      lastCounted = counted;
      if (!agree(roundCounted, roundSeen)) {
        StringBuilder calls = new StringBuilder();
        for (RaceProbe p : probes) {
          calls.append("\n        ").append(p.describe());
        }
        violation(
            "stats count each call as its caller saw it",
            round,
            "this round's callers saw "
                + roundSeen
                + ", the counters moved by "
                + roundCounted
                + calls);
      }
    }

    /** The totals add up; with {@code agreement}, they also match what every caller saw. */
    void checkTotals(SeamStats s, int round, String when, boolean agreement) {
      long sum = s.succeeded() + s.failed() + s.timedOut() + s.cancelled() + s.rejected();
      if (s.submitted() != submitted.get() || sum != s.submitted()) {
        violation(
            "stats add up: succeeded+failed+timedOut+cancelled+rejected == submitted",
            round,
            when + ": " + submitted.get() + " calls submitted; " + brief(s));
      }
      if (agreement && !agree(Counted.of(s), seenNow())) {
        violation(
            "stats count each call as its caller saw it",
            round,
            when + ": callers saw " + seenNow() + ", " + brief(s));
      }
    }

    static String brief(SeamStats s) {
      return "stats submitted "
          + s.submitted()
          + ", succeeded "
          + s.succeeded()
          + ", failed "
          + s.failed()
          + ", timedOut "
          + s.timedOut()
          + ", cancelled "
          + s.cancelled()
          + ", rejected "
          + s.rejected()
          + ", running "
          + s.running()
          + ", queued "
          + s.queued()
          + ", abandoned "
          + s.abandoned();
    }
  }
}
