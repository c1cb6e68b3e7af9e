package dev.seam.benchmarks.sse;

import java.util.concurrent.TimeUnit;

/**
 * The blocking producer both servers run per stream: ten events a second at a fixed rate, each
 * carrying {@link System#nanoTime()} at the moment it is sent, so the load client (on the same
 * machine, where Linux's monotonic clock is shared by every process) measures delivery latency.
 */
final class Ticker {
  static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * {@code -Dseam.bench.idle=true}: one event, then the stream stays open and silent until the
   * producer is cancelled (the idle-streams case: only keep-alives flow).
   */
  static final boolean IDLE = Boolean.getBoolean("seam.bench.idle");

  /** Where one event goes. */
  interface Sink {
    void send(long seq, String data) throws Exception;
  }

  private Ticker() {}

  /** Sends until interrupted or the sink fails; sleeps between events like blocking code does. */
  static void run(Sink sink) throws Exception {
    if (IDLE) {
      sink.send(1, Long.toString(System.nanoTime()));
      while (true) {
        TimeUnit.DAYS.sleep(1); // until interrupted
      }
    }
    long next = System.nanoTime();
    for (long seq = 1; ; seq++) {
      next += PERIOD_NANOS;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      sink.send(seq, Long.toString(System.nanoTime()));
    }
  }
}
