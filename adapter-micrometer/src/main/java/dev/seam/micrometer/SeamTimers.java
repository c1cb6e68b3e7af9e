package dev.seam.micrometer;

import dev.seam.SeamEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The two timers of one seam name that the listener feeds. Thread-safe: Micrometer timers are.
 * Histograms and percentiles are left to the registry's {@code MeterFilter}s, off by default.
 */
final class SeamTimers {
  private final Timer queueWait;
  private final Timer run;
  private final Timer resourceWait;

  SeamTimers(MeterRegistry registry, String seamName) {
    this.queueWait =
        Timer.builder("seam.queue.wait")
            .description("time from submission until a worker started the call")
            .tag(SeamMeters.TAG_SEAM, seamName)
            .register(registry);
    this.run =
        Timer.builder("seam.run")
            .description("time from start until the worker returned, abandoned calls included")
            .tag(SeamMeters.TAG_SEAM, seamName)
            .register(registry);
    this.resourceWait =
        Timer.builder("seam.resource.wait")
            .description(
                "time a call spent waiting for resources such as a pool connection, part of"
                    + " seam.run; calls that waited for none are not recorded")
            .tag(SeamMeters.TAG_SEAM, seamName)
            .register(registry);
  }

  /** A worker started the call: its queue wait is final. */
  void started(SeamEvent e) {
    queueWait.record(e.queueWaitNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The worker returned from the call: told on success and failure, and by {@code
   * abandonedReturned} for calls that timed out or were cancelled while running, whose outcome
   * event came before the worker returned. Each call that ran is recorded once.
   */
  void returned(SeamEvent e) {
    run.record(e.runNanos(), TimeUnit.NANOSECONDS);
    if (e.resourceWaitNanos() > 0) {
      resourceWait.record(e.resourceWaitNanos(), TimeUnit.NANOSECONDS);
    }
  }

  void remove(MeterRegistry registry) {
    registry.remove(queueWait);
    registry.remove(run);
    registry.remove(resourceWait);
  }
}
