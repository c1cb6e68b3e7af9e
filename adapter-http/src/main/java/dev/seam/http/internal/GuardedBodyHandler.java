package dev.seam.http.internal;

import dev.seam.http.HttpOptions;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * Wraps a user's body handler: rejects a null subscriber with a clear message, closes the
 * connection when the handler throws, discards the body of a 5xx response when the options fail on
 * it, and applies the body limit. Used by one send; {@link #failedStatus()} is read by the thread
 * that called {@code send} after it returned.
 */
public final class GuardedBodyHandler<T> implements HttpResponse.BodyHandler<T> {
  private final HttpResponse.BodyHandler<T> delegate;
  private final HttpOptions options;
  private volatile boolean failedStatus;

  /**
   * Wraps a handler.
   *
   * @param delegate the user's handler
   * @param options the call's options
   */
  public GuardedBodyHandler(HttpResponse.BodyHandler<T> delegate, HttpOptions options) {
    this.delegate = delegate;
    this.options = options;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    if (options.failOnServerError() && info.statusCode() >= 500) {
      failedStatus = true;
      return HttpResponse.BodySubscribers.replacing(null);
    }
    long limit = options.maxBodyBytes();
    if (limit >= 0) {
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > limit) {
        HttpResponse.BodySubscriber<T> none = HttpResponse.BodySubscribers.replacing(null);
        return new LimitedBodySubscriber<>(none, limit, declared);
      }
    }
    HttpResponse.BodySubscriber<T> subscriber;
    try {
      subscriber =
          Objects.requireNonNull(
              delegate.apply(info),
              () -> "BodyHandler " + delegate + " returned null for status " + info.statusCode());
    } catch (RuntimeException e) {
      // Thrown out of apply(), the JDK fails send() but keeps the socket open with the body
      // unread; a subscriber that cancels at once makes it close the connection.
      return new FailedBodySubscriber<>(e);
    }
    return limit < 0 ? subscriber : new LimitedBodySubscriber<>(subscriber, limit, -1);
  }

  /**
   * Whether the status was a 5xx that fails the call.
   *
   * @return true if so
   */
  public boolean failedStatus() {
    return failedStatus;
  }
}
