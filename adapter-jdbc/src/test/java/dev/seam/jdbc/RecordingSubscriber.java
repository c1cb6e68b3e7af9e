package dev.seam.jdbc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a publisher delivers; requests only what the test asks for. */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  final List<T> items = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();
  final AtomicInteger terminalSignals = new AtomicInteger();
  private final CompletableFuture<Void> reached = new CompletableFuture<>();
  private volatile int awaited = -1;

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.complete(s);
  }

  @Override
  public void onNext(T item) {
    items.add(item);
    if (items.size() == awaited) {
      reached.complete(null);
    }
  }

  @Override
  public void onError(Throwable t) {
    terminalSignals.incrementAndGet();
    done.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    terminalSignals.incrementAndGet();
    done.complete(null);
  }

  /** Requests n items and returns a future that completes when that many arrived in total. */
  CompletableFuture<Void> requestAndWait(long n) {
    awaited = (int) Math.min(Integer.MAX_VALUE, items.size() + n);
    if (items.size() >= awaited) {
      reached.complete(null);
    }
    subscription.join().request(n);
    return reached;
  }

  /** Requests n more items. */
  void request(long n) {
    subscription.join().request(n);
  }

  void cancel() {
    subscription.join().cancel();
  }
}
