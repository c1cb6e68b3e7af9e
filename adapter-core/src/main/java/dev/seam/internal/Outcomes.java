package dev.seam.internal;

import dev.seam.SeamEvent;
import java.util.concurrent.atomic.LongAdder;

/** A seam's cumulative counters and latency distributions. Thread-safe, contention-free. */
final class Outcomes {
  final LongAdder submitted = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder ended = new LongAdder(); // long-lived calls stopped from outside
  final LatencyRecorder queueWait = new LatencyRecorder();
  final LatencyRecorder runTime = new LatencyRecorder();
  final LatencyRecorder resourceWait = new LatencyRecorder();

  /** The counter of an outcome. */
  LongAdder counter(SeamEvent.Kind outcome) {
    return switch (outcome) {
      case SUCCEEDED -> succeeded;
      case FAILED -> failed;
      case TIMED_OUT -> timedOut;
      case CANCELLED -> cancelled;
      case REJECTED -> rejected;
      default -> throw new IllegalArgumentException("not an outcome: " + outcome);
    };
  }
}
