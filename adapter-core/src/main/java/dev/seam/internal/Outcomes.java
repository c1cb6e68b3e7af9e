package dev.seam.internal;

import java.util.concurrent.atomic.LongAdder;

/** A seam's cumulative counters and latency distributions. Thread-safe, contention-free. */
final class Outcomes {
  final LongAdder submitted = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LatencyRecorder queueWait = new LatencyRecorder();
  final LatencyRecorder runTime = new LatencyRecorder();
}
