package dev.seam.internal;

import dev.seam.CallContext;
import dev.seam.SeamClock;

/**
 * A call's waits for resources ({@link CallContext#waitingFor}): the one in progress, for a
 * deadline that passes during it, and the total, for messages, stats and listeners. Made at a
 * call's first wait, so a call that never waits carries one null field for it. Written by the
 * call's worker only; read by the timer and the threads that complete the call.
 */
final class ResourceWaits implements CallContext.Waiting {
  private final SeamClock clock;
  private final LatencyRecorder recorder;
  private volatile String current; // what the worker waits for now, or null
  private volatile long startedNanos;
  private volatile String last; // what it last waited for, for messages after the wait
  private volatile long totalNanos;

  ResourceWaits(SeamClock clock, LatencyRecorder recorder) {
    this.clock = clock;
    this.recorder = recorder;
  }

  /** Starts a wait; the returned wait is this object, since waits do not nest. */
  CallContext.Waiting begin(String resource) {
    startedNanos = clock.nanoTime();
    last = resource;
    current = resource;
    return this;
  }

  /** Ends the wait in progress; closing again, or with none in progress, does nothing. */
  @Override
  @SuppressWarnings("NonAtomicVolatileUpdate") // the worker is the only writer; others read
  public void close() {
    if (current == null) {
      return;
    }
    long waited = clock.nanoTime() - startedNanos;
    current = null;
    totalNanos += waited;
    recorder.record(waited);
  }

  long totalNanos() {
    return totalNanos;
  }

  String last() {
    return last;
  }

  /**
   * What the worker was waiting for at {@code now} (the clock read the message's other numbers came
   * from, so a wait never reads longer than the run it is part of), or had waited for; null if
   * nothing.
   */
  String text(long now) {
    String waitingFor = current;
    if (waitingFor != null) {
      long waited = Math.max(0, now - startedNanos);
      return "had been waiting " + Durations.formatNanos(waited) + " for " + waitingFor;
    }
    long total = totalNanos;
    return total > 0 ? CallFacts.waitedText(total, last) : null;
  }
}
