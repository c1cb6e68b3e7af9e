package dev.seam.http.internal;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber for a response whose handler failed: it cancels the body at once, so the JDK
 * client closes the connection rather than leaving the unread body on it, and fails the body.
 */
final class FailedBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private final CompletableFuture<T> body = new CompletableFuture<>();
  private final Throwable failure;

  FailedBodySubscriber(Throwable failure) {
    this.failure = failure;
  }

  @Override
  public CompletionStage<T> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.cancel();
    body.completeExceptionally(failure);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {}

  @Override
  public void onError(Throwable throwable) {
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {}
}
