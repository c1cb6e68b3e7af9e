package dev.seam.http.internal;

import dev.seam.http.BodyTooLargeException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes body buffers to a delegate until they pass a limit, then cancels the subscription (the
 * client closes the connection) and fails the delegate's body with {@link BodyTooLargeException}.
 * Signals arrive serially, as the reactive-streams rules require; fields are volatile because
 * successive signals may come from different client threads.
 */
final class LimitedBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private final HttpResponse.BodySubscriber<T> delegate;
  private final long limit;
  private final long declared;
  private volatile Flow.Subscription subscription;
  private volatile long count;
  private volatile boolean done;

  /**
   * Wraps a subscriber.
   *
   * @param delegate receives the body while it is within the limit
   * @param limit the most bytes allowed
   * @param declared the declared length when it is already known to be over the limit, else -1
   */
  LimitedBodySubscriber(HttpResponse.BodySubscriber<T> delegate, long limit, long declared) {
    this.delegate = delegate;
    this.limit = limit;
    this.declared = declared;
  }

  @Override
  public CompletionStage<T> getBody() {
    return delegate.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    delegate.onSubscribe(subscription);
    if (declared >= 0) {
      fail(new BodyTooLargeException(limit, declared, true));
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (done) {
      return;
    }
    long n = count;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
    }
    count = n;
    if (n > limit) {
      fail(new BodyTooLargeException(limit, n, false));
      return;
    }
    delegate.onNext(buffers);
  }

  @Override
  public void onError(Throwable throwable) {
    if (!done) {
      done = true;
      delegate.onError(throwable);
    }
  }

  @Override
  public void onComplete() {
    if (!done) {
      done = true;
      delegate.onComplete();
    }
  }

  private void fail(BodyTooLargeException e) {
    done = true;
    subscription.cancel();
    delegate.onError(e);
  }
}
