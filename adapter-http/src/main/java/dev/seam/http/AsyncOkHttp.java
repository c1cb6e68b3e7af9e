package dev.seam.http;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.http.internal.Exchanges;
import dev.seam.http.internal.LimitedInputStream;
import dev.seam.http.internal.TraceHeaders;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;

/**
 * Runs OkHttp {@link Call#execute()} on a seam.
 *
 * <pre>{@code
 * AsyncOkHttp http = AsyncOkHttp.create(seam, new OkHttpClient());
 * CompletableFuture<String> body =
 *     http.execute(new Request.Builder().url(url).build(), response -> response.body().string());
 * }</pre>
 *
 * <h2>Deadline and cancellation</h2>
 *
 * The time left when the exchange starts (or the client's own call timeout, if shorter) becomes the
 * call's {@linkplain Call#timeout() timeout}, which OkHttp applies to the whole exchange, body
 * reading included. On timeout or {@code cancel(...)} the seam's cancel thread calls {@link
 * Call#cancel()}, which closes the socket, so a blocked read fails at once and the connection
 * leaves the pool.
 *
 * <h2>Threads</h2>
 *
 * {@code execute} and the handler run on the seam's worker; the response is closed there after the
 * handler returns or throws. Thread-safe.
 *
 * @since 0.1
 */
// The client is an optional dependency: whoever uses this binding reads its module already, and
// `requires static transitive` would make every modular user of seam-http need it to compile.
@SuppressWarnings("exports")
public final class AsyncOkHttp {
  private final Seam seam;
  private final OkHttpClient client;

  private AsyncOkHttp(Seam seam, OkHttpClient client) {
    this.seam = seam;
    this.client = client;
  }

  /**
   * Creates the adapter.
   *
   * @param seam the seam the calls run on
   * @param client the client that executes them
   * @return the adapter
   * @throws NullPointerException if an argument is null
   */
  public static AsyncOkHttp create(Seam seam, OkHttpClient client) {
    return new AsyncOkHttp(
        Objects.requireNonNull(seam, "seam"), Objects.requireNonNull(client, "client"));
  }

  /**
   * Executes with default options.
   *
   * @param request the request
   * @param handler reads the response on the worker
   * @param <T> the result type
   * @return the result, or a failure as in {@link #execute(Request, HttpOptions, OkHttpHandler)}
   */
  public <T> CompletableFuture<T> execute(Request request, OkHttpHandler<? extends T> handler) {
    return execute(request, HttpOptions.defaults(), handler);
  }

  /**
   * Executes one request on the seam.
   *
   * @param request the request
   * @param options per-call timeout, body limit and 5xx handling
   * @param handler reads the response on the worker
   * @param <T> the result type
   * @return a future with the handler's result; it fails with {@code SeamCallException} whose cause
   *     is the {@link IOException} ({@link HttpStatusException}, {@link BodyTooLargeException}, a
   *     {@code ConnectException}, ...), {@code SeamTimeoutException}, or {@link
   *     NullPointerException} for null arguments
   */
  public <T> CompletableFuture<T> execute(
      Request request, HttpOptions options, OkHttpHandler<? extends T> handler) {
    if (request == null || options == null || handler == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              request == null ? "request" : options == null ? "options" : "handler"));
    }
    TraceHeaders trace = TraceHeaders.captureCurrent();
    HttpUrl url = request.url(); // its uri() would parse the URL again: read the parts instead
    String name =
        Exchanges.callName(
            request.method(), url.scheme(), url.host(), url.port(), url.encodedPath());
    return seam.call(
        options.toCallOptions(false, name), call -> run(call, request, options, trace, handler));
  }

  private <T> T run(
      CallContext call,
      Request request,
      HttpOptions options,
      TraceHeaders trace,
      OkHttpHandler<? extends T> handler)
      throws IOException {
    Request.Builder builder = request.newBuilder();
    trace.writeTo(builder::header);
    Call exchange = client.newCall(builder.build());
    long left = Exchanges.remainingNanos(call);
    long own = TimeUnit.MILLISECONDS.toNanos(client.callTimeoutMillis()); // 0: none configured
    exchange.timeout().timeout(own > 0 ? Math.min(own, left) : left, TimeUnit.NANOSECONDS);
    try (CallContext.Registration hook = call.onCancel(exchange::cancel);
        Response response = exchange.execute()) {
      if (options.failOnServerError() && response.code() >= 500) {
        throw new HttpStatusException(
            response.code(), request.method(), Exchanges.describe(request.url().uri()));
      }
      return handler.handle(limited(response, exchange, options.maxBodyBytes()));
    }
  }

  private static Response limited(Response response, Call exchange, long limit) throws IOException {
    if (limit < 0) {
      return response;
    }
    ResponseBody body = response.body();
    Exchanges.checkDeclaredLength(body.contentLength(), limit);
    LimitedInputStream in = new LimitedInputStream(body.byteStream(), limit, exchange::cancel);
    ResponseBody bounded =
        ResponseBody.create(Okio.buffer(Okio.source(in)), body.contentType(), body.contentLength());
    return response.newBuilder().body(bounded).build();
  }
}
