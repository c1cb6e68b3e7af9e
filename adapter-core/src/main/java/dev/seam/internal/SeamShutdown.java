package dev.seam.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a seam closes: stop admission, wait the grace period for queued and running calls, abort
 * every call still live, then stop and join the seam's own threads.
 *
 * <p>Close never waits on itself. Called again on the thread that is closing (from a dependent
 * stage of a future that close itself fails), it returns at once. Called from one of the seam's own
 * threads (a call, a cancel hook, the timer, or a dependent stage one of them runs), it stops
 * admission at once and hands the rest to a thread of its own, {@code seam-<name>-closer}, because
 * waiting there would wait for the very thread that is waiting. A close on an interrupted thread
 * skips the grace period, still completes every call and joins every thread (bounded), and leaves
 * the interrupt flag set.
 */
final class SeamShutdown {
  private static final long MIN_JOIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final String name;
  private final long graceNanos;
  private final Lane lane;
  private final SeamThreads threads;
  private final ExecutorService ownWorkers;
  private final ExecutorService ownCancellers;
  private final TimerClock ownTimer;
  private final SeamWarnings warnings;
  private final CallObserver observer;

  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Thread closer;
  private boolean sawInterrupt; // confined to the closing thread

  SeamShutdown(
      String name,
      long graceNanos,
      Lane lane,
      SeamThreads threads,
      ExecutorService ownWorkers,
      ExecutorService ownCancellers,
      TimerClock ownTimer,
      SeamWarnings warnings,
      CallObserver observer) {
    this.name = name;
    this.graceNanos = graceNanos;
    this.lane = lane;
    this.threads = threads;
    this.ownWorkers = ownWorkers;
    this.ownCancellers = ownCancellers;
    this.ownTimer = ownTimer;
    this.warnings = warnings;
    this.observer = observer;
  }

  void close() {
    Thread me = Thread.currentThread();
    // A listener's callback runs inside a step of some call (its submission, its completion):
    // waiting here for the calls to finish could wait out the grace for that very call.
    boolean ownThread = threads.owns(me) || observer.isTellingHere();
    if (!started.compareAndSet(false, true)) {
      if (!ownThread && me != closer) {
        awaitUninterruptibly(finished);
      }
      return;
    }
    lane.close(); // admission stops before close returns, wherever it is called from
    if (!ownThread || !threads.startCloser(name, this::closeNow)) {
      closeNow();
    }
  }

  private void closeNow() {
    closer = Thread.currentThread();
    try {
      boolean interrupted = Thread.interrupted();
      if (!interrupted) {
        try {
          lane.awaitIdle(graceNanos);
        } catch (InterruptedException e) {
          interrupted = true; // stop waiting; cancel the rest now
        }
      }
      for (CallTask<?> task : lane.live()) {
        task.abort(CallTask.Abort.CLOSED);
      }
      stopThreads();
      if (interrupted || sawInterrupt) {
        Thread.currentThread().interrupt();
      }
    } finally {
      finished.countDown();
    }
  }

  /** Stops the seam's executors and joins its threads, all within one bound. */
  private void stopThreads() {
    long bound = Math.max(graceNanos, MIN_JOIN_NANOS);
    long start = System.nanoTime();
    if (ownWorkers != null) {
      ownWorkers.shutdown();
      if (!awaitTermination(ownWorkers, left(start, bound))) {
        warnings.workersStuckAtClose(lane.load().abandoned(), lane.live());
      }
    }
    if (ownCancellers != null) {
      ownCancellers.shutdown();
      awaitTermination(ownCancellers, left(start, bound));
    }
    if (ownTimer != null) {
      ownTimer.shutdownNow(); // its thread is joined with the others below
    }
    List<Thread> left = threads.joinAll(left(start, bound));
    if (!left.isEmpty()) {
      warnings.threadsLeftAtClose(left);
    }
  }

  private static long left(long start, long bound) {
    return Math.max(0, bound - (System.nanoTime() - start));
  }

  /** Waits without giving up on an interrupt; close restores it when it is done. */
  private boolean awaitTermination(ExecutorService service, long nanos) {
    long start = System.nanoTime();
    while (true) {
      try {
        return service.awaitTermination(left(start, nanos), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        sawInterrupt = true;
      }
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
