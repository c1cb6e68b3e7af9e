package dev.seam.micrometer;

import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import java.util.function.Function;

/**
 * Feeds each seam's {@link SeamTimers} from its events. Outcomes are counted from {@code
 * Seam.stats()} instead, so the counters agree with the seam's own numbers. Thread-safe; runs on
 * the seam's threads and only records into timers.
 */
final class TimingListener implements SeamListener {
  private final Function<String, SeamTimers> timers;

  TimingListener(Function<String, SeamTimers> timers) {
    this.timers = timers;
  }

  @Override
  public void started(SeamEvent event) {
    timers.apply(event.seamName()).started(event);
  }

  @Override
  public void succeeded(SeamEvent event) {
    timers.apply(event.seamName()).returned(event);
  }

  /**
   * A failed call that ran is recorded; one that failed before a worker could start it (the worker
   * executor refused) ran for zero time and is recorded as such, which {@code SeamStats.runTime}
   * does not count.
   */
  @Override
  public void failed(SeamEvent event) {
    timers.apply(event.seamName()).returned(event);
  }

  @Override
  public void abandonedReturned(SeamEvent event) {
    timers.apply(event.seamName()).returned(event);
  }

  @Override
  public String toString() {
    return "SeamMetrics listener";
  }
}
