package dev.seam.reactor.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One subscriber's view of one seam call: delivers the future's outcome (a value, empty for null,
 * or the failure) and turns a {@code cancel()} into the future's {@code cancel(true)}, which a seam
 * turns into its cancel hooks ({@code Statement.cancel()}, an aborted exchange) and, if configured,
 * an interrupt.
 *
 * <p>The future and the cancel flag are both volatile and each side writes its own before reading
 * the other's, so a cancel racing {@link #attach} reaches the future at least once ({@code cancel}
 * of a future is idempotent).
 *
 * @param <T> the result type
 */
final class CallSubscription<T> extends Operators.MonoSubscriber<T, T> {
  private final AssemblySite site;
  private volatile CompletableFuture<? extends T> future;

  CallSubscription(CoreSubscriber<? super T> actual, AssemblySite site) {
    super(actual);
    this.site = site;
  }

  void attach(CompletableFuture<? extends T> call) {
    future = call;
    if (isCancelled()) {
      call.cancel(true);
      return;
    }
    var unused = call.whenComplete(this::deliver);
  }

  private void deliver(T value, Throwable failure) {
    if (isCancelled()) {
      return; // the subscriber left: the future's CancellationException is ours, not news
    }
    if (failure != null) {
      fail(unwrap(failure));
    } else if (value == null) {
      onComplete();
    } else {
      complete(value);
    }
  }

  void fail(Throwable failure) {
    if (isCancelled()) {
      return;
    }
    onError(site.attachTo(failure));
  }

  @Override
  public void cancel() {
    super.cancel();
    CompletableFuture<? extends T> call = future;
    if (call != null) {
      call.cancel(true);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
