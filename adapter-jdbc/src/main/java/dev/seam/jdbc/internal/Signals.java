package dev.seam.jdbc.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscriber's signals serially, whichever thread produces them (rows come from the
 * worker, a deadline failure from the seam's timer): each signal is queued and the thread that
 * finds the queue idle drains it. Exactly one terminal signal is delivered, nothing after it, and
 * nothing at all once the subscription was cancelled. A subscriber method that throws cancels the
 * subscription (Reactive Streams rule 2.13).
 */
final class Signals<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
  private static final Object COMPLETE = new Object();

  private final Flow.Subscriber<? super T> subscriber;
  private final Runnable cancelUpstream;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean terminalQueued = new AtomicBoolean();
  private volatile boolean cancelled;
  private boolean terminated; // drain side only

  Signals(Flow.Subscriber<? super T> subscriber, Runnable cancelUpstream) {
    this.subscriber = subscriber;
    this.cancelUpstream = cancelUpstream;
  }

  void next(T row) {
    if (!terminalQueued.get()) {
      queue.offer(row);
      drain();
    }
  }

  void complete() {
    terminal(COMPLETE);
  }

  void error(Throwable t) {
    terminal(new Failure(t));
  }

  /** Stops delivery; queued signals are dropped. */
  void cancel() {
    cancelled = true;
  }

  boolean isCancelled() {
    return cancelled;
  }

  private void terminal(Object signal) {
    if (terminalQueued.compareAndSet(false, true)) {
      queue.offer(signal);
      drain();
    }
  }

  @SuppressWarnings("unchecked") // the queue holds rows of type T besides the two terminal markers
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      Object o;
      while ((o = queue.poll()) != null) {
        if (cancelled || terminated) {
          continue;
        }
        try {
          if (o == COMPLETE) {
            terminated = true;
            subscriber.onComplete();
          } else if (o instanceof Failure f) {
            terminated = true;
            subscriber.onError(f.error());
          } else {
            subscriber.onNext((T) o);
          }
        } catch (RuntimeException | Error e) { // rule 2.13: a throwing subscriber is cancelled
          LOG.warn("subscriber {} threw; cancelling its subscription", subscriber, e);
          cancelled = true;
          cancelUpstream.run();
        }
      }
    } while (wip.decrementAndGet() != 0);
  }

  private record Failure(Throwable error) {}
}
