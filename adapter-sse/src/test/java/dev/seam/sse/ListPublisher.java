package dev.seam.sse;

import java.util.List;
import java.util.concurrent.Flow;

/** A publisher of a fixed list that honours demand and records the most items ever requested. */
final class ListPublisher<T> implements Flow.Publisher<T> {
  private final List<T> items;
  private long maxOutstanding;

  ListPublisher(List<T> items) {
    this.items = items;
  }

  synchronized long maxOutstanding() {
    return maxOutstanding;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    s.onSubscribe(
        new Flow.Subscription() {
          private int next;
          private long demand;
          private boolean cancelled;

          @Override
          public void request(long n) {
            synchronized (ListPublisher.this) {
              demand += n;
              maxOutstanding = Math.max(maxOutstanding, demand);
            }
            while (!cancelled && demand > 0 && next < items.size()) {
              demand--;
              s.onNext(items.get(next++));
            }
            if (!cancelled && next == items.size()) {
              cancelled = true;
              s.onComplete();
            }
          }

          @Override
          public void cancel() {
            cancelled = true;
          }
        });
  }
}
