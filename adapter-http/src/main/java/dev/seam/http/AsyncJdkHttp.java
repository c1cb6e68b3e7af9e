package dev.seam.http;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.http.internal.Exchanges;
import dev.seam.http.internal.GuardedBodyHandler;
import dev.seam.http.internal.TraceHeaders;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link HttpClient#send synchronous sends} of the JDK's {@code java.net.http} client on a
 * seam, for code that wraps {@code send} to bound its concurrency.
 *
 * <pre>{@code
 * AsyncJdkHttp http = AsyncJdkHttp.create(seam, HttpClient.newHttpClient());
 * CompletableFuture<HttpResponse<String>> r =
 *     http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <h2>Deadline and cancellation</h2>
 *
 * The time left when the exchange starts becomes the request's {@linkplain
 * HttpRequest.Builder#timeout timeout} (the smaller of that and the request's own). The JDK stops
 * checking that timeout once the response headers have arrived (JDK-8258397), so a body that stalls
 * is cut off by Seam's deadline instead: on timeout or {@code cancel(...)} the worker is
 * interrupted (always, whatever the seam's setting), {@code send} cancels the exchange, and the
 * client closes the connection.
 *
 * <h2>Bodies and threads</h2>
 *
 * {@code send} runs on the seam's worker; a body handler that collects the body ({@code ofString},
 * {@code ofByteArray}, a mapping subscriber) consumes it there, within the deadline. Streaming
 * handlers ({@code ofInputStream}, {@code ofLines}) hand the open body to the caller, who must
 * close it. Thread-safe.
 *
 * @since 0.1
 */
public final class AsyncJdkHttp {
  private final Seam seam;
  private final HttpClient client;

  private AsyncJdkHttp(Seam seam, HttpClient client) {
    this.seam = seam;
    this.client = client;
  }

  /**
   * Creates the adapter.
   *
   * @param seam the seam the sends run on
   * @param client the client that sends
   * @return the adapter
   * @throws NullPointerException if an argument is null
   */
  public static AsyncJdkHttp create(Seam seam, HttpClient client) {
    return new AsyncJdkHttp(
        Objects.requireNonNull(seam, "seam"), Objects.requireNonNull(client, "client"));
  }

  /**
   * Sends with default options.
   *
   * @param request the request
   * @param handler the body handler
   * @param <T> the body type
   * @return the response, or a failure as in {@link #send(HttpRequest, HttpOptions,
   *     HttpResponse.BodyHandler)}
   */
  public <T> CompletableFuture<HttpResponse<T>> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return send(request, HttpOptions.defaults(), handler);
  }

  /**
   * Sends one request on the seam.
   *
   * @param request the request; its own timeout is kept if it is shorter than the time left
   * @param options per-call timeout, body limit and 5xx handling
   * @param handler the body handler; it must not return null
   * @param <T> the body type
   * @return a future with the response; it fails with {@code SeamCallException} whose cause is the
   *     {@link IOException} ({@link HttpStatusException}, {@link BodyTooLargeException}, {@code
   *     HttpTimeoutException}, ...), {@code SeamTimeoutException}, or {@link NullPointerException}
   *     for null arguments or a handler that returns null
   */
  public <T> CompletableFuture<HttpResponse<T>> send(
      HttpRequest request, HttpOptions options, HttpResponse.BodyHandler<T> handler) {
    if (request == null || options == null || handler == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              request == null ? "request" : options == null ? "options" : "handler"));
    }
    TraceHeaders trace = TraceHeaders.captureCurrent();
    String name = Exchanges.callName(request.method(), request.uri());
    return seam.call(
        options.toCallOptions(true, name), call -> run(call, request, options, trace, handler));
  }

  private <T> HttpResponse<T> run(
      CallContext call,
      HttpRequest request,
      HttpOptions options,
      TraceHeaders trace,
      HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Duration left = Duration.ofNanos(Exchanges.remainingNanos(call));
    Duration timeout = request.timeout().filter(own -> own.compareTo(left) < 0).orElse(left);
    HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
    builder.timeout(timeout);
    trace.writeTo(builder::setHeader);
    HttpRequest sent = builder.build();
    GuardedBodyHandler<T> guarded = new GuardedBodyHandler<>(handler, options);
    HttpResponse<T> response;
    try {
      response = client.send(sent, guarded);
    } catch (IOException e) {
      // send() rewraps failures from the body subscriber; give the caller our own exception back.
      if (e.getCause() instanceof BodyTooLargeException) {
        throw (BodyTooLargeException) e.getCause();
      }
      throw Exchanges.namingTarget(e, sent.uri());
    }
    if (guarded.failedStatus()) {
      throw new HttpStatusException(
          response.statusCode(), sent.method(), Exchanges.describe(sent.uri()));
    }
    return response;
  }
}
