package dev.seam.internal;

import dev.seam.SeamEvent;
import dev.seam.SeamException;
import dev.seam.SeamStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The one party a call tells about its life: it keeps the seam's stats, says what must be said in
 * the log, and tells the listeners. A call tells it each transition once, with the {@link
 * CallFacts} of that transition; it never asks the call anything.
 *
 * <p>An outcome is told in two steps because a future has two moments: {@link #finished} or {@link
 * #stopped} when the call's state moves (before its future completes, so stats read after a {@code
 * join} include the call), and {@link #completed} once the future completed, saying whether the
 * seam's completion won or the holder's came first (then the count moves from that outcome to
 * "cancelled", so stats agree with what the caller saw). Thread-safe.
 */
final class CallObserver {
  private final Outcomes outcomes = new Outcomes();
  private final Lane lane; // keeps the abandoned count, so it is read with running and queued
  private final SeamWarnings warnings;
  private final Listeners listeners; // null when there are none: one field test per step
  private final HealthWindow health;
  private final Supplier<SeamStats> stats;

  CallObserver(
      Lane lane,
      SeamWarnings warnings,
      Listeners listeners,
      HealthWindow health,
      Supplier<SeamStats> stats) {
    this.lane = lane;
    this.warnings = warnings;
    this.listeners = listeners;
    this.health = health;
    this.stats = stats;
  }

  /**
   * How long the last call that sat in the queue waited there, or -1 before any did; for a
   * rejection's message. Written only by calls that queued, never by one that started at once.
   */
  private volatile long lastQueueWaitNanos = -1;

  long lastQueueWaitNanos() {
    return lastQueueWaitNanos;
  }

  Outcomes outcomes() {
    return outcomes;
  }

  SeamWarnings warnings() {
    return warnings;
  }

  /** Whether anyone listens; without listeners, no {@link SeamEvent} is ever made. */
  boolean hasListeners() {
    return listeners != null;
  }

  /** Whether the current thread is inside a listener's callback (close must not wait there). */
  boolean isTellingHere() {
    return listeners != null && listeners.isFiringHere();
  }

  /** A call was submitted. */
  void submitted() {
    outcomes.submitted.increment();
  }

  /** A call failed before it became a call (the clock threw at submission). */
  void failedAtSubmission() {
    outcomes.failed.increment();
  }

  /** A call was refused at {@code now}: the lane was full or closed. */
  void refused(CallFacts facts, SeamException refusal, long now) {
    outcomes.rejected.increment();
    health.rejected(now);
    tell(facts, SeamEvent.Kind.REJECTED, refusal);
  }

  /** A call could not install its caller's context at submission. */
  void contextFailed(CallFacts facts, SeamException failure) {
    outcomes.failed.increment();
    tell(facts, SeamEvent.Kind.FAILED, failure);
  }

  /** A call was admitted (listeners only: queued here means "on the seam, not yet started"). */
  void queued(CallFacts facts) {
    tell(facts, SeamEvent.Kind.QUEUED, null);
  }

  /**
   * A worker started a call after {@code queuedNanos} in the queue; {@code waitedInQueue} says
   * whether that was queue lag. {@code facts}: null when no one listens.
   */
  void started(long queuedNanos, boolean waitedInQueue, CallFacts facts) {
    outcomes.queueWait.record(queuedNanos);
    // Only calls that sat in the queue count as lag: a call started at once may still wait for
    // a new worker thread on a loaded machine, which says nothing about the downstream.
    if (waitedInQueue) {
      lastQueueWaitNanos = queuedNanos;
      warnings.queueWait(queuedNanos, stats);
    }
    tell(facts, SeamEvent.Kind.STARTED, null);
  }

  /**
   * The worker returned with the call in time, after {@code ranNanos}; its future completes next.
   */
  void finished(SeamEvent.Kind kind, long ranNanos) {
    outcomes.runTime.record(ranNanos);
    outcomes.counter(kind).increment();
  }

  /**
   * The call was stopped from outside (deadline, cancel, close) or never got a worker; its future
   * completes next. A call stopped while it ran ({@code wasRunning}) is abandoned from here on. A
   * long-lived call's deadline, cancel or close is its end: counted as ended.
   */
  void stopped(SeamEvent.Kind kind, boolean wasRunning, boolean longLived) {
    counted(kind, longLived).increment();
    if (wasRunning) {
      lane.abandoned();
    }
  }

  /**
   * The call's future completed. {@code won}: with the seam's {@code failure} (or value); else the
   * holder's completion came first and its caller saw a cancellation ({@code holderFailure}, read
   * only if someone listens), so the count moves to "cancelled" ("ended" if long-lived). {@code
   * facts}: null when no one listens.
   */
  void completed(
      SeamEvent.Kind kind,
      CallFacts facts,
      Throwable failure,
      boolean won,
      Supplier<Throwable> holderFailure,
      boolean longLived) {
    if (won) {
      tell(facts, kind, failure);
    } else {
      LongAdder from = counted(kind, longLived);
      LongAdder to = longLived ? outcomes.ended : outcomes.cancelled;
      if (from != to) {
        from.decrement();
        to.increment();
      }
      cancelledByHolder(facts, holderFailure);
    }
  }

  /** Where an outcome is counted: a long-lived call stopped from outside has simply ended. */
  private LongAdder counted(SeamEvent.Kind kind, boolean longLived) {
    return longLived && (kind == SeamEvent.Kind.TIMED_OUT || kind == SeamEvent.Kind.CANCELLED)
        ? outcomes.ended
        : outcomes.counter(kind);
  }

  /** The holder completed the call's future itself: a cancel, counted when the call stopped. */
  void cancelledByHolder(CallFacts facts, Supplier<Throwable> holderFailure) {
    if (listeners != null && facts != null) {
      tell(facts, SeamEvent.Kind.CANCELLED, holderFailure.get());
    }
  }

  /** A running call was abandoned: its future completed while its worker is in it. */
  void abandoned(CallFacts facts) {
    tell(facts, SeamEvent.Kind.ABANDONED, null);
  }

  /**
   * An abandoned call's worker returned, {@code afterAbandonNanos} after its future completed;
   * {@code warned}: its abandonment was logged, so its return is too. Logged before the lane's
   * count drops, so whoever sees the count sees the line; told after, so a listener sees it.
   */
  void abandonedReturned(CallFacts facts, long afterAbandonNanos, boolean warned) {
    if (warned) {
      warnings.abandonedReturned(facts.description(), afterAbandonNanos, facts.ranNanos());
    }
    outcomes.runTime.record(facts.ranNanos());
    lane.abandonedReturned();
    tell(facts, SeamEvent.Kind.ABANDONED_RETURNED, null);
  }

  /** Tells the listeners, if any; {@code facts} is null only when there are none. */
  void tell(CallFacts facts, SeamEvent.Kind kind, Throwable failure) {
    if (listeners != null) {
      listeners.fire(facts.event(kind, failure));
    }
  }
}
