package dev.seam.contract;

import dev.seam.CallOptions;
import dev.seam.Seam;
import dev.seam.SeamStats;
import dev.seam.ThreadMode;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hammers the races at a call's start and at close, in bounded rounds on real threads and the real
 * clock: a cancel, a deadline or the holder's own completion landing before the call starts, at its
 * first instruction or while it runs, and close() racing submissions and running calls (also from a
 * thread whose interrupt flag is set). {@link StressTest} checks the counters under a random mix;
 * this test aims each round at one edge and checks, per call, what the caller and the body saw.
 *
 * <p>Bodies are {@link RaceProbe}s: they block on a latch for at most 500 ms. A hooked body's
 * cancel hook opens the latch; a hookless body can only be stopped by the interrupt, which makes a
 * lost interrupt visible. Checked for every call: its future completes, exactly once; its body runs
 * at most once and its hooks at most once; a call stopped from outside (cancel, holder's
 * completion, deadline, close) after its body started saw its hook or, if hookless, the interrupt;
 * only a stopped call is interrupted. Every round on a seam that stays open: never more than
 * maxConcurrency bodies at once; then maxConcurrency fresh calls run together (no permit leaked,
 * and the round's idle barrier); the counters moved exactly as the round's callers saw. After
 * close: running and queued are zero and the totals add up to submitted.
 *
 * <p>Every wait is bounded and each run stops after {@link #ROUND_BUDGET_MILLIS}, so a broken seam
 * fails the test in seconds instead of hanging it. Violations are collected across the rounds and
 * reported together, each invariant with its count and first rounds (see {@link RaceLedger}).
 *
 * <p>Runs on platform threads, and on virtual threads as well when the JVM is Java 21 or later (CI
 * runs this module on 25 through {@code -Dseam.test.jvm}).
 */
@ExtendWith(SeamLeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS) // a backstop only: every wait below is bounded
class RaceStressTest {
  private static final int MAX_CONCURRENCY = 2;
  private static final int CALLS_PER_ROUND = 3; // two run at once, one waits for a permit
  // A soak run raises both: -Dseam.race.budgetMillis=60000 -Dseam.race.maxRounds=1000000
  private static final long ROUND_BUDGET_MILLIS = Long.getLong("seam.race.budgetMillis", 1_500);
  private static final int MAX_ROUNDS = Integer.getInteger("seam.race.maxRounds", 3_000);
  private static final int MAX_CLOSE_ROUNDS = MAX_ROUNDS / 8;
  private static final long WAIT_MILLIS = RaceProbe.BODY_WAIT_MILLIS + 1_500;
  private static final long CLOSE_BOUND_MILLIS = 5_000; // grace is 0 or 5 ms; close must not hang

  private ExecutorService racers;

  static Stream<ThreadMode> threadModes() {
    return Runtime.version().feature() >= 21
        ? Stream.of(ThreadMode.PLATFORM, ThreadMode.VIRTUAL)
        : Stream.of(ThreadMode.PLATFORM);
  }

  @BeforeEach
  void startRacers() {
    AtomicInteger n = new AtomicInteger();
    racers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "race-racer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @AfterEach
  void stopRacers() throws InterruptedException {
    racers.shutdownNow();
    if (!racers.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("a racer thread did not stop");
    }
  }

  /**
   * As above, but the racer cancels a stage derived from each call's future ({@code thenApply}), as
   * a caller that only kept the transformed stage would (C3++): the cancel reaches the call exactly
   * as the future's own would, or, if the call finished first, cancels only the stage.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("threadModes")
  void derivedStageCancelLandingAtCallStartCompletesOnceRunsHooksOnceAndInterrupts(ThreadMode mode)
      throws Exception {
    RaceLedger ledger = new RaceLedger("derived cancel at call start [" + mode + "]");
    Seam seam = seam("race-derived", mode, CALLS_PER_ROUND, Duration.ZERO);
    RaceProbe.Lane lane = new RaceProbe.Lane(ledger, "", MAX_CONCURRENCY, true);
    SplittableRandom random = new SplittableRandom(29);
    int round = 0;
    try {
      long end = budgetEnd();
      for (; round < MAX_ROUNDS && System.nanoTime() < end; round++) {
        boolean mayInterrupt = round % 2 == 0;
        List<RaceProbe> probes = probes(lane, round);
        long seed = random.nextLong();
        AtomicReferenceArray<CompletableFuture<String>> published =
            new AtomicReferenceArray<>(probes.size());
        runRound(
            seam,
            round,
            probes,
            published,
            () -> {
              SplittableRandom jitter = new SplittableRandom(seed);
              for (int k = 0; k < probes.size(); k++) {
                CompletableFuture<String> f = awaitPublished(published, k);
                CompletableFuture<Integer> stage = f.thenApply(String::length);
                jitter(jitter);
                boolean stageCancelled = stage.cancel(mayInterrupt);
                // The call's own future was cancelled only if the cancel reached it in time.
                probes.get(k).holderWon(stageCancelled && f.isCancelled());
              }
            },
            CallOptions.defaults());
        endRound(seam, lane, round, probes, (o, p) -> "derived cancel " + p.landing());
      }
    } finally {
      ledger.roundsRun(round);
      closeAndCheck(seam, lane, round);
    }
    ledger.assertNoViolations();
  }

  /**
   * A racer released with the submission cancels each call, with and without mayInterrupt, after 0
   * to ~100 µs: before the worker takes it, at its first instruction, or while it runs.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("threadModes")
  void cancelLandingAtCallStartCompletesOnceRunsHooksOnceAndInterrupts(ThreadMode mode)
      throws Exception {
    RaceLedger ledger = new RaceLedger("cancel at call start [" + mode + "]");
    Seam seam = seam("race-cancel", mode, CALLS_PER_ROUND, Duration.ZERO);
    RaceProbe.Lane lane = new RaceProbe.Lane(ledger, "", MAX_CONCURRENCY, true);
    SplittableRandom random = new SplittableRandom(17);
    int round = 0;
    try {
      long end = budgetEnd();
      for (; round < MAX_ROUNDS && System.nanoTime() < end; round++) {
        boolean mayInterrupt = round % 2 == 0;
        List<RaceProbe> probes = probes(lane, round);
        long seed = random.nextLong();
        AtomicReferenceArray<CompletableFuture<String>> published =
            new AtomicReferenceArray<>(probes.size());
        runRound(
            seam,
            round,
            probes,
            published,
            () -> {
              SplittableRandom jitter = new SplittableRandom(seed);
              for (int k = 0; k < probes.size(); k++) {
                CompletableFuture<String> f = awaitPublished(published, k);
                jitter(jitter);
                probes.get(k).holderWon(f.cancel(mayInterrupt));
              }
            },
            CallOptions.defaults());
        endRound(seam, lane, round, probes, (o, p) -> "cancel " + p.landing());
      }
    } finally {
      ledger.roundsRun(round);
      closeAndCheck(seam, lane, round);
    }
    ledger.assertNoViolations();
  }

  /**
   * Deadlines of 1 to 512 µs on the seam's own timer fire before the worker takes the call, at its
   * first instruction, or while it runs; every third round a cancel races the deadline as well, and
   * the caller who saw CancellationException must be counted as cancelled, not timed out.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("threadModes")
  void deadlineFiringAtCallStartCompletesOnceAndReachesTheCall(ThreadMode mode) throws Exception {
    RaceLedger ledger = new RaceLedger("deadline at call start [" + mode + "]");
    Seam seam = seam("race-deadline", mode, CALLS_PER_ROUND, Duration.ZERO);
    RaceProbe.Lane lane = new RaceProbe.Lane(ledger, "", MAX_CONCURRENCY, true);
    SplittableRandom random = new SplittableRandom(23);
    int round = 0;
    try {
      long end = budgetEnd();
      for (; round < MAX_ROUNDS && System.nanoTime() < end; round++) {
        // 1 µs to 512 µs on the seam's own timer: before the worker takes the call, as it does, or
        // just after. Every third round a cancel races the deadline too.
        CallOptions tiny = CallOptions.timeout(Duration.ofNanos(1_000L << random.nextInt(10)));
        boolean alsoCancel = round % 3 == 2;
        List<RaceProbe> probes = probes(lane, round);
        long seed = random.nextLong();
        AtomicReferenceArray<CompletableFuture<String>> published =
            new AtomicReferenceArray<>(probes.size());
        runRound(
            seam,
            round,
            probes,
            published,
            () -> {
              SplittableRandom jitter = new SplittableRandom(seed);
              for (int k = 0; alsoCancel && k < probes.size(); k++) {
                CompletableFuture<String> f = awaitPublished(published, k);
                jitter(jitter);
                probes.get(k).holderWon(f.cancel(true));
              }
            },
            tiny);
        endRound(
            seam,
            lane,
            round,
            probes,
            (o, p) ->
                (o == RaceProbe.Outcome.HOLDER ? "cancel (racing a deadline) " : "deadline ")
                    + p.landing());
      }
    } finally {
      ledger.roundsRun(round);
      closeAndCheck(seam, lane, round);
    }
    ledger.assertNoViolations();
  }

  /**
   * While both calls run, one thread releases them and another completes their futures as a holder
   * would (complete, completeExceptionally, cancel(true), cancel(false)): whichever wins, the
   * counters must name what the caller saw (a holder's win is cancelled, never succeeded).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("threadModes")
  void holderCompletionRacingTheCallsOwnCompletionIsCountedAsTheCallerSawIt(ThreadMode mode)
      throws Exception {
    RaceLedger ledger = new RaceLedger("holder completion racing the call [" + mode + "]");
    Seam seam = seam("race-holder", mode, CALLS_PER_ROUND, Duration.ZERO);
    RaceProbe.Lane lane = new RaceProbe.Lane(ledger, "", MAX_CONCURRENCY, true);
    SplittableRandom random = new SplittableRandom(29);
    int round = 0;
    try {
      long end = budgetEnd();
      for (; round < MAX_ROUNDS && System.nanoTime() < end; round++) {
        List<RaceProbe> probes = new ArrayList<>();
        for (int k = 0; k < MAX_CONCURRENCY; k++) {
          RaceProbe p = new RaceProbe(lane, round, k, true);
          p.submit(seam, CallOptions.defaults());
          probes.add(p);
        }
        for (RaceProbe p : probes) {
          if (!p.awaitStarted(WAIT_MILLIS)) {
            ledger.violation("a call admitted with a free permit starts", round, p.describe());
          }
        }
        int r = round;
        long holderSeed = random.nextLong();
        long releaseSeed = random.nextLong();
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> holder =
            racers.submit(
                () -> {
                  start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                  SplittableRandom jitter = new SplittableRandom(holderSeed);
                  for (int k = 0; k < probes.size(); k++) {
                    jitter(jitter);
                    RaceProbe p = probes.get(k);
                    p.holderWon(completeAsHolder(p.future(), (r + k) % 4));
                  }
                  return null;
                });
        start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        SplittableRandom jitter = new SplittableRandom(releaseSeed);
        for (RaceProbe p : probes) {
          jitter(jitter);
          p.release();
        }
        finish(holder, WAIT_MILLIS, round, "holder");
        endRound(
            seam,
            lane,
            round,
            probes,
            (o, p) -> o == RaceProbe.Outcome.HOLDER ? "holder won" : "call won");
      }
    } finally {
      ledger.roundsRun(round);
      closeAndCheck(seam, lane, round);
    }
    ledger.assertNoViolations();
  }

  /**
   * A fresh seam per round, closed by one racer while another submits, with grace 0 or 5 ms and
   * with or without the closing thread's interrupt flag set. After close() returns: every future it
   * could see is complete, call() returns only completed futures, no body starts, running and
   * queued are zero, a call still running after the grace was cut off, and the flag is still set.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("threadModes")
  void closeRacingSubmissionsAndRunningCallsCompletesEveryFutureBeforeItReturns(ThreadMode mode)
      throws Exception {
    RaceLedger ledger = new RaceLedger("close racing calls [" + mode + "]");
    SplittableRandom random = new SplittableRandom(31);
    int round = 0;
    try {
      long end = budgetEnd();
      for (; round < MAX_CLOSE_ROUNDS && System.nanoTime() < end; round++) {
        closeRound(mode, ledger, round, random.nextLong());
      }
    } finally {
      ledger.roundsRun(round);
    }
    ledger.assertNoViolations();
  }

  /**
   * One close race on a fresh seam: two calls running and two queued (one returns at once), one
   * racer submitting more while another closes the seam, with or without a grace period and with or
   * without the closing thread's interrupt flag set.
   */
  private void closeRound(ThreadMode mode, RaceLedger ledger, int round, long seed)
      throws Exception {
    Duration grace = round % 2 == 0 ? Duration.ZERO : Duration.ofMillis(5);
    boolean interrupted = (round / 2) % 2 == 1;
    String condition =
        "grace " + grace.toMillis() + " ms, " + (interrupted ? "interrupted" : "plain") + " close";
    Seam seam = seam("race-close", mode, 4, grace);
    RaceProbe.Lane lane = new RaceProbe.Lane(ledger, condition, MAX_CONCURRENCY, true);
    List<RaceProbe> probes = new CopyOnWriteArrayList<>();
    for (int k = 0; k < 4; k++) {
      RaceProbe p = new RaceProbe(lane, round, k, true);
      if (k == 3) {
        p.release();
      }
      probes.add(p);
      p.submit(seam, CallOptions.defaults());
    }
    CyclicBarrier start = new CyclicBarrier(2);
    Future<?> submitter =
        racers.submit(
            () -> {
              start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
              SplittableRandom jitter = new SplittableRandom(seed);
              for (int k = 4; k < 10; k++) {
                RaceProbe p = new RaceProbe(lane, round, k, true);
                if (k % 3 == 0) {
                  p.release();
                }
                probes.add(p);
                p.submit(seam, CallOptions.defaults());
                CompletableFuture<String> f = p.future();
                if (lane.closeReturned && !f.isDone()) {
                  lane.violation(
                      "after close() returns, call() returns only completed futures",
                      round,
                      p.describe());
                }
                jitter(jitter);
              }
              return null;
            });
    Future<Boolean> closer =
        racers.submit(
            () -> {
              start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
              // Aim at the racer's k-th submission, k in 0..6, then a little either side of it.
              SplittableRandom aim = new SplittableRandom(seed ^ 1);
              awaitCount(lane.submitted, 4 + aim.nextInt(7));
              jitter(aim);
              ledger.landed("close after " + (lane.submitted.get() - 4) + "/6 racer submissions");
              if (interrupted) {
                Thread.currentThread().interrupt();
              }
              seam.close();
              lane.closeReturned = true;
              boolean flagKept = Thread.interrupted();
              checkJustClosed(seam, lane, probes, round);
              return flagKept;
            });
    boolean flagKept = finish(closer, CLOSE_BOUND_MILLIS, round, "close() [" + condition + "]");
    if (interrupted && !flagKept) {
      lane.violation("close() keeps its caller's interrupt flag", round, "flag cleared");
    }
    finish(submitter, WAIT_MILLIS, round, "submitter");
    for (RaceProbe p : probes) {
      if (p.future() == null || !p.future().isDone()) {
        p.release(); // already reported; let its body return now rather than in 500 ms
      }
    }
    awaitRound(probes);
    for (RaceProbe p : probes) {
      RaceProbe.Outcome o = p.verify();
      ledger.landed("close " + o + " " + p.landing());
    }
    lane.checkTotals(seam.stats(), round, "after close", true);
  }

  /** Right after close() returned: every future it could see is complete and the seam is empty. */
  private static void checkJustClosed(
      Seam seam, RaceProbe.Lane lane, List<RaceProbe> probes, int round) {
    SeamStats s = seam.stats();
    for (RaceProbe p : probes) {
      CompletableFuture<String> f = p.future();
      if (f != null && !f.isDone()) {
        lane.violation(
            "after close() returns, every future submitted before it is complete",
            round,
            p.describe());
      }
    }
    if (s.running() != 0 || s.queued() != 0) {
      lane.violation(
          "after close() returns, stats show running == 0 and queued == 0",
          round,
          RaceProbe.Lane.brief(s));
    }
  }

  /**
   * Runs one round: the racer and this thread pass a barrier together, then this thread submits the
   * probes while the racer acts on each future as soon as it is published.
   */
  private void runRound(
      Seam seam,
      int round,
      List<RaceProbe> probes,
      AtomicReferenceArray<CompletableFuture<String>> published,
      RacerAction action,
      CallOptions options)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<?> racer =
        racers.submit(
            () -> {
              start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
              action.run();
              return null;
            });
    start.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    for (int k = 0; k < probes.size(); k++) {
      RaceProbe p = probes.get(k);
      p.submit(seam, options);
      published.set(k, p.future());
    }
    finish(racer, WAIT_MILLIS, round, "racer");
  }

  /**
   * Ends a round on a seam that stays open: waits for its futures, passes the idle barrier, checks
   * each call, then holds the change in the seam's counters against what this round's callers saw.
   */
  private static void endRound(
      Seam seam,
      RaceProbe.Lane lane,
      int round,
      List<RaceProbe> probes,
      BiFunction<RaceProbe.Outcome, RaceProbe, String> landing)
      throws InterruptedException {
    awaitRound(probes);
    assertEveryPermitComesBack(seam, lane, round);
    for (RaceProbe p : probes) {
      lane.landed(landing.apply(p.verify(), p));
    }
    lane.checkRoundStats(seam::stats, round, probes);
  }

  /** What a racer thread does in a round, once the barrier opened. */
  @FunctionalInterface
  private interface RacerAction {
    void run() throws Exception;
  }

  private Seam seam(String name, ThreadMode mode, int maxQueued, Duration grace) {
    return Seam.builder(name)
        .threads(mode)
        .maxConcurrency(MAX_CONCURRENCY)
        .maxQueued(maxQueued)
        .timeout(Duration.ofSeconds(30))
        .interruptOnCancel(true)
        .shutdownGrace(grace)
        .build();
  }

  private static List<RaceProbe> probes(RaceProbe.Lane lane, int round) {
    List<RaceProbe> probes = new ArrayList<>();
    for (int k = 0; k < CALLS_PER_ROUND; k++) {
      probes.add(new RaceProbe(lane, round, k, (round + k) % 2 == 0));
    }
    return probes;
  }

  /**
   * The holder completes its future as callers do: a value, a failure, or cancel with and without
   * the interrupt flag (the seam's own interruptOnCancel decides, either way).
   */
  private static boolean completeAsHolder(CompletableFuture<String> f, int kind) {
    return switch (kind) {
      case 0 -> f.complete("holder");
      case 1 -> f.completeExceptionally(new IllegalStateException("holder gave up"));
      case 2 -> f.cancel(true);
      default -> f.cancel(false);
    };
  }

  /**
   * Ends a round: maxConcurrency fresh calls must all be running at once, or some call kept its
   * permit. Since a permit comes back only when its worker returns, this is also the round's
   * barrier: every body that was going to start has started and returned.
   */
  private static void assertEveryPermitComesBack(Seam seam, RaceProbe.Lane lane, int round)
      throws InterruptedException {
    List<RaceProbe> batch = new ArrayList<>();
    for (int k = 0; k < MAX_CONCURRENCY; k++) {
      RaceProbe p = new RaceProbe(lane, round, 100 + k, true);
      p.submit(seam, CallOptions.defaults());
      batch.add(p);
    }
    int together = 0;
    for (RaceProbe p : batch) {
      if (p.awaitStarted(WAIT_MILLIS)) {
        together++;
      }
    }
    if (together < MAX_CONCURRENCY) {
      lane.violation(
          "no permit leaks: maxConcurrency fresh calls run at once on an idle seam",
          round,
          together
              + " of "
              + MAX_CONCURRENCY
              + " fresh calls started; "
              + RaceProbe.Lane.brief(seam.stats()));
    }
    for (RaceProbe p : batch) {
      p.release();
    }
    awaitRound(batch);
    for (RaceProbe p : batch) {
      p.verify();
    }
  }

  /** Closes the seam (bounded) and checks what stats say once nothing can run any more. */
  private void closeAndCheck(Seam seam, RaceProbe.Lane lane, int round)
      throws InterruptedException {
    finish(racers.submit(seam::close), CLOSE_BOUND_MILLIS, round, "close()");
    SeamStats s = seam.stats();
    if (s.running() != 0 || s.queued() != 0) {
      lane.violation(
          "after close() returns, stats show running == 0 and queued == 0",
          round,
          RaceProbe.Lane.brief(s));
    }
    lane.checkRoundStats(s, round, List.of()); // close changes no count once every call is done
    lane.checkTotals(s, round, "after close", false);
  }

  /** Waits, bounded, until every published future completed and every started body returned. */
  private static void awaitRound(List<RaceProbe> probes) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    for (RaceProbe p : probes) {
      CompletableFuture<String> f = p.counted();
      if (f != null) {
        try {
          f.handle((v, e) -> null).get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          break; // reported by verify(), with the future's state
        } catch (ExecutionException e) {
          throw new AssertionError(e);
        }
      }
    }
    for (RaceProbe p : probes) {
      if (!p.awaitReturned(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())))) {
        break;
      }
    }
  }

  /**
   * Waits, bounded, for a racer's part of a round; a racer that fails or hangs breaks the test, not
   * a round.
   */
  private static <T> T finish(Future<T> racer, long millis, int round, String what)
      throws InterruptedException {
    try {
      return racer.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("round " + round + ": " + what + " failed", e.getCause());
    } catch (TimeoutException e) {
      racer.cancel(true);
      throw new AssertionError(
          "round " + round + ": " + what + " did not finish within " + millis + " ms", e);
    }
  }

  /** Spins until {@code count} reaches {@code target}; bounded. */
  private static void awaitCount(AtomicInteger count, int target) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (count.get() < target) {
      if (System.nanoTime() > end) {
        throw new AssertionError("count stuck at " + count.get() + ", expected " + target);
      }
      Thread.onSpinWait();
    }
  }

  /** Spins until the submitting thread published future {@code k}; bounded. */
  private static CompletableFuture<String> awaitPublished(
      AtomicReferenceArray<CompletableFuture<String>> published, int k) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    CompletableFuture<String> f;
    while ((f = published.get(k)) == null) {
      if (System.nanoTime() > end) {
        throw new AssertionError("future " + k + " was never published");
      }
      Thread.onSpinWait();
    }
    return f;
  }

  /**
   * A random delay of 0 to 16k spin-waits (about 0 to 100 µs), spread on a log scale so that rounds
   * land on each side of a call's start: before the worker takes it, at its first instruction, and
   * while it runs.
   */
  private static void jitter(SplittableRandom random) {
    int n = random.nextInt(16);
    int spins = n == 0 ? 0 : 1 << (n - 1);
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
  }

  private static long budgetEnd() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_BUDGET_MILLIS);
  }
}
