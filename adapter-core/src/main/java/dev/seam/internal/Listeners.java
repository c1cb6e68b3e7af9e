package dev.seam.internal;

import dev.seam.Seam;
import dev.seam.SeamClock;
import dev.seam.SeamEvent;
import dev.seam.SeamListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seam's listeners, told each step in registration order. A listener that throws is logged
 * through a {@link RateLimit} (once per interval, with how many were suppressed) and the others are
 * still told: a listener never changes a call. Thread-safe; the list is fixed at build.
 */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Seam.class);

  /** The listeners whose callbacks the current thread is in, so close() knows not to wait here. */
  private static final ThreadLocal<Listeners> FIRING = new ThreadLocal<>();

  private final String seamName;
  private final SeamListener[] listeners;
  private final RateLimit failures;

  private Listeners(String seamName, List<SeamListener> listeners, SeamClock clock) {
    this.seamName = seamName;
    this.listeners = listeners.toArray(new SeamListener[0]);
    this.failures = new RateLimit(clock);
  }

  /** The listeners to tell, or null when there are none, so the hot path tests one field. */
  static Listeners of(String seamName, List<SeamListener> listeners, SeamClock clock) {
    return listeners.isEmpty() ? null : new Listeners(seamName, listeners, clock);
  }

  /** Whether the current thread is inside a callback of these listeners. */
  boolean isFiringHere() {
    return FIRING.get() == this;
  }

  void fire(SeamEvent event) {
    Listeners outer = FIRING.get();
    FIRING.set(this);
    try {
      fireAll(event);
    } finally {
      if (outer == null) {
        FIRING.remove();
      } else {
        FIRING.set(outer);
      }
    }
  }

  private void fireAll(SeamEvent event) {
    for (SeamListener l : listeners) {
      try {
        dispatch(l, event);
      } catch (Throwable t) { // a listener's bug must not reach the call or the other listeners
        long suppressed = failures.tryAcquire();
        if (suppressed >= 0) {
          LOG.warn(
              "seam '{}': listener {} threw on {}; the call is not affected ({} more listener"
                  + " failures suppressed since the last warning). Fix the listener.",
              seamName,
              l,
              event.kind(),
              suppressed,
              t);
        }
      }
    }
  }

  private static void dispatch(SeamListener l, SeamEvent e) {
    switch (e.kind()) {
      case QUEUED -> l.queued(e);
      case STARTED -> l.started(e);
      case SUCCEEDED -> l.succeeded(e);
      case FAILED -> l.failed(e);
      case TIMED_OUT -> l.timedOut(e);
      case CANCELLED -> l.cancelled(e);
      case REJECTED -> l.rejected(e);
      case ABANDONED -> l.abandoned(e);
      case ABANDONED_RETURNED -> l.abandonedReturned(e);
    }
  }
}
