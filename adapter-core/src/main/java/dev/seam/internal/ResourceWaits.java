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

  /** What the call does (a statement), for a deadline that passes during it; see CallActivity. */
  private volatile String activity;

  private volatile String activityDetail;

  /** When the activity began (running) or ended (done); unused for a note. */
  private volatile long activityNanos;

  private volatile int activityState;

  static final int NOTE = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;

  /**
   * Sets the call's activity. Worker only; the fields are written before the state, which readers
   * read first.
   */
  void activity(int state, String what, String detail) {
    activityNanos = state == NOTE ? 0 : clock.nanoTime();
    activityDetail = detail;
    activity = what;
    activityState = state;
  }

  /**
   * What the worker was waiting for at {@code now} (the clock read the message's other numbers came
   * from, so a wait never reads longer than the run it is part of), or had waited for; null if
   * nothing.
   */
  String text(long now) {
    String waited = waitText(now);
    String doing = activityText(now);
    return doing == null ? waited : waited == null ? doing : waited + "; " + doing;
  }

  private String waitText(long now) {
    String waitingFor = current;
    if (waitingFor != null) {
      long waited = Math.max(0, now - startedNanos);
      return "had been waiting " + Durations.formatNanos(waited) + " for " + waitingFor;
    }
    long total = totalNanos;
    return total > 0 ? CallFacts.waitedText(total, last) : null;
  }

  /**
   * "no statement ran", "running statement "UPDATE ..." for 980 ms", or "last statement "SELECT
   * ..." returned 300 ms before" (its rows may still be being read); null without an activity.
   */
  private String activityText(long now) {
    int state = activityState;
    String what = activity;
    if (what == null) {
      return null;
    }
    String detail = activityDetail;
    String named = detail == null ? what : what + " " + quoted(detail);
    String ago = Durations.formatNanos(Math.max(0, now - activityNanos));
    return switch (state) {
      case RUNNING -> "running " + named + " for " + ago;
      case DONE -> "last " + named + " returned " + ago + " before";
      default -> what;
    };
  }

  /** A statement's text on one line, quoted, cut at 200 characters. */
  private static String quoted(String text) {
    return text.isBlank() ? "\"\"" : CallText.call(text).substring("call ".length());
  }
}
