package dev.seam.internal;

import dev.seam.SeamCallException;
import dev.seam.SeamCancellationException;
import dev.seam.SeamClosedException;
import dev.seam.SeamContextException;
import dev.seam.SeamEvent;
import dev.seam.SeamTimeoutException;
import java.time.Duration;

/**
 * What one call was when a transition of its state was won: which seam, which call, its deadline,
 * how long it queued and ran, what it waited for and, for a call stopped from outside, the seam's
 * load and what the cancel does. Built once by the winner ({@link CallTask}); the exception its
 * caller sees, the {@link SeamEvent} its listeners hear, its stats and its log lines are all read
 * from it, so they cannot disagree. Immutable.
 *
 * @param seam the seam's name
 * @param description the call's description, or null
 * @param timeoutNanos the call's deadline, counted from submission
 * @param queuedNanos time in the queue before a worker started it
 * @param ranNanos time in the worker until the transition (0 if it never started)
 * @param started whether a worker started the call
 * @param resourceWaitNanos time the call said it waited for a resource
 * @param waitedFor what it waited for last, or null
 * @param waits what it was waiting for (or had waited for), as text, or null
 * @param circumstances the seam's load and what the cancel does, or null when nothing stopped it
 */
record CallFacts(
    String seam,
    String description,
    long timeoutNanos,
    long queuedNanos,
    long ranNanos,
    boolean started,
    long resourceWaitNanos,
    String waitedFor,
    String waits,
    String circumstances) {

  /** The event of {@code kind} for this call, with the failure its future completed with. */
  SeamEvent event(SeamEvent.Kind kind, Throwable failure) {
    return new SeamEvent(
        seam, kind, description, queuedNanos, ranNanos, resourceWaitNanos, timeoutNanos, failure);
  }

  /** The call's own code threw {@code error} (or its worker could not start). */
  SeamCallException threw(Throwable error) {
    return new SeamCallException(
        seam,
        description,
        Duration.ofNanos(timeoutNanos),
        Duration.ofNanos(queuedNanos),
        Duration.ofNanos(ranNanos),
        error,
        resourceWaitNanos > 0 ? waitedText(resourceWaitNanos, waitedFor) : null);
  }

  /** The deadline passed, queued or running. */
  SeamTimeoutException timedOut() {
    return new SeamTimeoutException(
        seam,
        description,
        Duration.ofNanos(timeoutNanos),
        Duration.ofNanos(queuedNanos),
        Duration.ofNanos(ranNanos),
        started,
        wherePrefix() + circumstances);
  }

  /** Close cut the call off, queued or running. */
  SeamClosedException closed() {
    return new SeamClosedException(
        seam,
        "seam '"
            + seam
            + "' closed before the "
            + CallText.call(description)
            + " finished ("
            + Durations.formatNanos(queuedNanos)
            + " queued, "
            + (started ? Durations.formatNanos(ranNanos) + " running" : "never started")
            + "; "
            + wherePrefix()
            + circumstances
            + ")");
  }

  /** A caller cancelled the call (or a stage derived from it). */
  SeamCancellationException cancelled() {
    return new SeamCancellationException(
        seam, description, queuedNanos, ranNanos, started, circumstances);
  }

  private String wherePrefix() {
    return waits == null ? "" : waits + "; ";
  }

  /** A propagator failure, naming the seam, the propagator and what did not happen. */
  static SeamContextException context(String seam, ContextSnapshot.ContextFailure f) {
    return new SeamContextException(seam, f.propagator(), f.step(), f.getCause());
  }

  static String waitedText(long nanos, String what) {
    return Durations.formatNanos(nanos)
        + " of it waiting for "
        + (what != null ? what : "a resource");
  }
}
