package dev.seam.micrometer;

import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A listener registered after {@link SeamMetrics#listener()}: listeners are told in registration
 * order on one thread, so once this one has heard a step, the metrics listener has recorded it.
 * Lets a test wait for the timers without sleeping or polling.
 */
final class Told implements SeamListener {
  private final ConcurrentMap<SeamEvent.Kind, Semaphore> heard = new ConcurrentHashMap<>();

  private Semaphore of(SeamEvent.Kind kind) {
    return heard.computeIfAbsent(kind, k -> new Semaphore(0));
  }

  /** Waits until {@code count} more steps of {@code kind} have been told. */
  void await(SeamEvent.Kind kind, int count) throws InterruptedException {
    if (!of(kind).tryAcquire(count, 10, TimeUnit.SECONDS)) {
      throw new AssertionError("not told " + count + " x " + kind + " within 10 s");
    }
  }

  private void hear(SeamEvent e) {
    of(e.kind()).release();
  }

  @Override
  public void started(SeamEvent event) {
    hear(event);
  }

  @Override
  public void succeeded(SeamEvent event) {
    hear(event);
  }

  @Override
  public void failed(SeamEvent event) {
    hear(event);
  }

  @Override
  public void timedOut(SeamEvent event) {
    hear(event);
  }

  @Override
  public void cancelled(SeamEvent event) {
    hear(event);
  }

  @Override
  public void abandonedReturned(SeamEvent event) {
    hear(event);
  }
}
