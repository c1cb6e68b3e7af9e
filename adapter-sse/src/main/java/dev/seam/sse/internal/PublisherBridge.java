package dev.seam.sse.internal;

import dev.seam.sse.SseEmitter;
import dev.seam.sse.SseEvent;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Drives a {@link Flow.Publisher} from the producer's thread, one item at a time: request one, send
 * it (which applies the stream's overflow policy), request the next. The queue between the
 * publisher's threads and the producer never holds more than one item and one terminal signal.
 */
final class PublisherBridge {
  private PublisherBridge() {}

  private static final Object COMPLETE = new Object();

  private static final class Failed {
    final Throwable error;

    Failed(Throwable error) {
      this.error = error;
    }
  }

  private static final class Next {
    final Object item;

    Next(Object item) {
      this.item = item;
    }
  }

  static <T> void stream(
      SseEmitter emitter, Flow.Publisher<T> publisher, Function<? super T, SseEvent> toEvent)
      throws Exception {
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(toEvent, "toEvent");
    BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    Flow.Subscription[] subscription = new Flow.Subscription[1];
    Object subscribed = new Object();
    publisher.subscribe(
        new Flow.Subscriber<T>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            synchronized (subscription) {
              subscription[0] = s;
            }
            signals.add(subscribed);
          }

          @Override
          public void onNext(T item) {
            signals.add(new Next(item));
          }

          @Override
          public void onError(Throwable t) {
            signals.add(new Failed(t));
          }

          @Override
          public void onComplete() {
            signals.add(COMPLETE);
          }
        });
    boolean terminated = false;
    try {
      while (true) {
        Object signal = signals.take();
        if (signal == subscribed) {
          subscription(subscription).request(1);
        } else if (signal instanceof Next next) {
          @SuppressWarnings("unchecked") // only this method's subscriber adds Next, with a T
          T item = (T) next.item;
          emitter.send(toEvent.apply(item));
          subscription(subscription).request(1);
        } else if (signal instanceof Failed failed) {
          terminated = true;
          Throwable e = failed.error;
          if (e instanceof Exception ex) {
            throw ex;
          }
          throw (Error) e;
        } else {
          terminated = true;
          return;
        }
      }
    } finally {
      if (!terminated) {
        Flow.Subscription s;
        synchronized (subscription) {
          s = subscription[0];
        }
        if (s != null) {
          s.cancel();
        }
      }
    }
  }

  private static Flow.Subscription subscription(Flow.Subscription[] holder) {
    synchronized (holder) {
      return holder[0];
    }
  }
}
