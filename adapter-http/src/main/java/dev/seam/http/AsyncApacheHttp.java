package dev.seam.http;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.http.internal.Exchanges;
import dev.seam.http.internal.LimitedEntity;
import dev.seam.http.internal.TraceHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.util.Timeout;

/**
 * Runs Apache HttpClient 5 classic exchanges ({@link CloseableHttpClient} with an {@link
 * HttpClientResponseHandler}) on a seam.
 *
 * <pre>{@code
 * AsyncApacheHttp http = AsyncApacheHttp.create(seam, HttpClients.createDefault());
 * CompletableFuture<String> body = http.execute(new HttpGet(uri), new BasicHttpClientResponseHandler());
 * }</pre>
 *
 * <h2>Deadline and cancellation</h2>
 *
 * Each call sends a copy of the request whose {@link RequestConfig} is the request's own (or the
 * one given to {@link #create(Seam, CloseableHttpClient, RequestConfig)}) with the time left as its
 * connection-request timeout and response (socket read) timeout. Apache's connect timeout lives in
 * its connection manager, and its response timeout is per read, so Seam's deadline is what bounds
 * the whole exchange: on timeout or {@code cancel(...)} the seam's cancel thread {@linkplain
 * HttpUriRequestBase#cancel() cancels} the request copy, which shuts the connection down at once
 * and discards it from the pool.
 *
 * <h2>Threads</h2>
 *
 * {@code execute} and the handler run on the seam's worker; the client consumes the body there
 * after the handler returns and closes the response if it throws. A body over the limit aborts the
 * connection instead of draining it. Thread-safe.
 *
 * @since 0.1
 */
// The client is an optional dependency: whoever uses this binding reads its module already, and
// `requires static transitive` would make every modular user of seam-http need it to compile.
@SuppressWarnings("exports")
public final class AsyncApacheHttp {
  private final Seam seam;
  private final CloseableHttpClient client;
  private final RequestConfig defaults;

  private AsyncApacheHttp(Seam seam, CloseableHttpClient client, RequestConfig defaults) {
    this.seam = seam;
    this.client = client;
    this.defaults = defaults;
  }

  /**
   * Creates the adapter; requests without their own config get {@link RequestConfig#DEFAULT}.
   *
   * @param seam the seam the exchanges run on
   * @param client the client that executes them
   * @return the adapter
   * @throws NullPointerException if an argument is null
   */
  public static AsyncApacheHttp create(Seam seam, CloseableHttpClient client) {
    return create(seam, client, RequestConfig.DEFAULT);
  }

  /**
   * Creates the adapter. A per-request config replaces the client's default in Apache, so give the
   * one your client was built with here.
   *
   * @param seam the seam the exchanges run on
   * @param client the client that executes them
   * @param defaults the config for requests that carry none; Seam sets its timeouts per call
   * @return the adapter
   * @throws NullPointerException if an argument is null
   */
  public static AsyncApacheHttp create(
      Seam seam, CloseableHttpClient client, RequestConfig defaults) {
    return new AsyncApacheHttp(
        Objects.requireNonNull(seam, "seam"),
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(defaults, "defaults"));
  }

  /**
   * Executes with default options.
   *
   * @param request the request
   * @param handler handles the response on the worker
   * @param <T> the result type
   * @return the result, or a failure as in {@link #execute(ClassicHttpRequest, HttpOptions,
   *     HttpClientResponseHandler)}
   */
  public <T> CompletableFuture<T> execute(
      ClassicHttpRequest request, HttpClientResponseHandler<? extends T> handler) {
    return execute(request, HttpOptions.defaults(), handler);
  }

  /**
   * Executes one request on the seam. The request itself is not changed or executed; a copy is.
   *
   * @param request the request; its entity, if any, must be repeatable to be sent more than once
   * @param options per-call timeout, body limit and 5xx handling
   * @param handler handles the response on the worker
   * @param <T> the result type
   * @return a future with the handler's result; it fails with {@code SeamCallException} whose cause
   *     is the {@link IOException} ({@link HttpStatusException}, {@link BodyTooLargeException},
   *     {@code HttpHostConnectException}, ...), {@code SeamTimeoutException}, or {@link
   *     NullPointerException} / {@link IllegalArgumentException} for bad arguments
   */
  public <T> CompletableFuture<T> execute(
      ClassicHttpRequest request,
      HttpOptions options,
      HttpClientResponseHandler<? extends T> handler) {
    if (request == null || options == null || handler == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              request == null ? "request" : options == null ? "options" : "handler"));
    }
    URI uri;
    try {
      uri = request.getUri();
    } catch (URISyntaxException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("bad request URI: " + e.getInput(), e));
    }
    TraceHeaders trace = TraceHeaders.captureCurrent();
    String name = Exchanges.callName(request.getMethod(), uri);
    return seam.call(
        options.toCallOptions(false, name),
        call -> run(call, request, uri, options, trace, handler));
  }

  private <T> T run(
      CallContext call,
      ClassicHttpRequest request,
      URI uri,
      HttpOptions options,
      TraceHeaders trace,
      HttpClientResponseHandler<? extends T> handler)
      throws IOException {
    HttpUriRequestBase copy = copy(request, uri, call);
    trace.writeTo(copy::setHeader);
    try (CallContext.Registration hook = call.onCancel(copy::cancel)) {
      return client.execute(copy, response -> handle(response, copy, uri, options, handler));
    }
  }

  private static <T> T handle(
      ClassicHttpResponse response,
      HttpUriRequestBase copy,
      URI uri,
      HttpOptions options,
      HttpClientResponseHandler<? extends T> handler)
      throws IOException, org.apache.hc.core5.http.HttpException {
    if (options.failOnServerError() && response.getCode() >= 500) {
      copy.cancel(); // close rather than drain an error body we will not read
      throw new HttpStatusException(response.getCode(), copy.getMethod(), Exchanges.describe(uri));
    }
    long limit = options.maxBodyBytes();
    HttpEntity entity = response.getEntity();
    if (limit >= 0 && entity != null) {
      if (entity.getContentLength() > limit) {
        copy.cancel();
        Exchanges.checkDeclaredLength(entity.getContentLength(), limit);
      }
      response.setEntity(new LimitedEntity(entity, limit, copy::cancel));
    }
    try {
      return handler.handleResponse(response);
    } catch (IOException | org.apache.hc.core5.http.HttpException | RuntimeException e) {
      // Apache would close the response gracefully, draining the unread body (from a stalled or
      // huge response: until the deadline). A failed handler leaves the body in an unknown state,
      // so shut the connection instead.
      copy.cancel();
      throw e;
    }
  }

  private HttpUriRequestBase copy(ClassicHttpRequest request, URI uri, CallContext call) {
    HttpUriRequestBase copy = new HttpUriRequestBase(request.getMethod(), uri);
    copy.setHeaders(request.getHeaders());
    copy.setEntity(request.getEntity());
    if (request.getVersion() != null) {
      copy.setVersion(request.getVersion());
    }
    RequestConfig own = request instanceof HttpUriRequestBase base ? base.getConfig() : null;
    Timeout left = Timeout.of(Exchanges.remainingNanos(call), TimeUnit.NANOSECONDS);
    copy.setConfig(
        RequestConfig.copy(own != null ? own : defaults)
            .setConnectionRequestTimeout(left)
            .setResponseTimeout(left)
            .build());
    return copy;
  }
}
