package dev.seam.internal;

import dev.seam.SeamClock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What every call of one seam runs with, built once by {@link SeamImpl} and handed to each {@link
 * CallTask}: the seam's name, clock, lane, observer, executors and limits. A call reads these
 * fields; it never asks the seam. Immutable; everything it holds is thread-safe.
 */
final class CallRuntime {
  final String name;
  final SeamClock clock;

  /** The seam's own timer when it has one, so a call arms it without a lambda; else null. */
  final TimerClock ownTimer;

  final Lane lane;
  final CallObserver observer;
  final SeamWarnings warnings;

  /** Runs a call's worker loop. */
  final Executor workers;

  /** Runs cancel hooks and interrupts, off the worker and off the thread that cancels. */
  final Executor cancelExecutor;

  /** Default executor of a call's future's async stages. */
  final Executor asyncExecutor;

  /** Completes calls' futures ({@code completeOn}); null: they complete where the call ends. */
  final Executor completionExecutor;

  /** Whether cancel work may run on the thread that hands it over (the immediate seam's). */
  final boolean hooksRunInline;

  /** The abandoned-call warning's delay; 0 or {@code Long.MAX_VALUE}: none. */
  final long abandonedWarningNanos;

  CallRuntime(
      String name,
      SeamClock clock,
      TimerClock ownTimer,
      Lane lane,
      CallObserver observer,
      Executor workers,
      Executor cancelExecutor,
      Executor asyncExecutor,
      Executor completionExecutor,
      boolean hooksRunInline,
      long abandonedWarningNanos) {
    this.name = name;
    this.clock = clock;
    this.ownTimer = ownTimer;
    this.lane = lane;
    this.observer = observer;
    this.warnings = observer.warnings();
    this.workers = workers;
    this.cancelExecutor = cancelExecutor;
    this.asyncExecutor = asyncExecutor;
    this.completionExecutor = completionExecutor;
    this.hooksRunInline = hooksRunInline;
    this.abandonedWarningNanos = abandonedWarningNanos;
  }

  /**
   * Runs cancel work (hooks, the interrupt) on the seam's cancel threads. After close has stopped
   * them, it runs on the calling thread instead: a hook is never lost and never throws {@link
   * RejectedExecutionException} into user code.
   */
  void runOffWorker(Runnable action) {
    try {
      cancelExecutor.execute(action);
    } catch (RejectedExecutionException e) {
      action.run();
    }
  }
}
