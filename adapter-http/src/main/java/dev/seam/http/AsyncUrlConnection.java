package dev.seam.http;

import dev.seam.CallContext;
import dev.seam.Seam;
import dev.seam.http.internal.CancelCheckingInputStream;
import dev.seam.http.internal.Exchanges;
import dev.seam.http.internal.HeaderPhase;
import dev.seam.http.internal.LimitedInputStream;
import dev.seam.http.internal.TraceHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link HttpURLConnection} exchanges on a seam: the legacy JDK client, which ignores
 * interrupts, so cancellation disconnects it from another thread.
 *
 * <pre>{@code
 * AsyncUrlConnection http = AsyncUrlConnection.create(seam);
 * CompletableFuture<String> page = http.exchange(url,
 *     (connection, body) -> new String(body.readAllBytes(), UTF_8));
 * }</pre>
 *
 * <h2>Deadline and cancellation</h2>
 *
 * The time left when the exchange starts becomes the connect and read timeouts. {@code
 * HttpURLConnection} ignores interrupts, so until the response headers have arrived a timeout or
 * {@code cancel(...)} makes the seam's cancel thread call {@link HttpURLConnection#disconnect()},
 * which closes the socket and the blocked connect or header read fails at once.
 *
 * <p>Once the body is being read, {@code disconnect()} cannot help: the JDK's body stream holds a
 * lock for the whole of a blocked read and {@code disconnect()} waits for it (seen on JDK 17 and
 * 25), so calling it would only block the cancel thread. Instead the body stream checks for
 * cancellation around every read and the worker disconnects as soon as a read returns: at the next
 * bytes the server sends or at the read timeout, which is the deadline's remaining time when the
 * exchange started. The future itself still completes at the deadline or cancel, at once; only the
 * worker and its socket are held a little longer, and they show in {@code SeamStats#abandoned()}.
 * Prefer another client where a stalled body must be cut off at once.
 *
 * <h2>Threads</h2>
 *
 * The request and response callbacks run on the seam's worker; the body is closed there after the
 * response callback returns or throws. An exchange that failed or was cancelled disconnects the
 * connection instead of returning it to the JDK's keep-alive cache. Thread-safe.
 *
 * @since 0.1
 */
public final class AsyncUrlConnection {
  private final Seam seam;

  private AsyncUrlConnection(Seam seam) {
    this.seam = seam;
  }

  /**
   * Creates the adapter.
   *
   * @param seam the seam the exchanges run on
   * @return the adapter
   * @throws NullPointerException if {@code seam} is null
   */
  public static AsyncUrlConnection create(Seam seam) {
    return new AsyncUrlConnection(Objects.requireNonNull(seam, "seam"));
  }

  /**
   * GETs {@code url} with default options.
   *
   * @param url an {@code http} or {@code https} URL
   * @param response reads the response on the worker
   * @param <T> the result type
   * @return the result, or a failure as described in {@link #exchange(URL, HttpOptions,
   *     UrlConnectionRequest, UrlConnectionResponse)}
   */
  public <T> CompletableFuture<T> exchange(URL url, UrlConnectionResponse<? extends T> response) {
    return exchange(url, HttpOptions.defaults(), UrlConnectionRequest.GET, response);
  }

  /**
   * Runs one exchange on the seam.
   *
   * @param url an {@code http} or {@code https} URL
   * @param options per-call timeout, body limit and 5xx handling
   * @param request prepares the connection on the worker (method, headers, request body)
   * @param response reads the response on the worker
   * @param <T> the result type
   * @return a future with the result; it fails with {@code SeamCallException} whose cause is the
   *     {@link IOException} ({@link HttpStatusException}, {@link BodyTooLargeException}, a {@code
   *     ConnectException}, ...), {@code SeamTimeoutException}, or {@link NullPointerException} /
   *     {@link IllegalArgumentException} for bad arguments
   */
  public <T> CompletableFuture<T> exchange(
      URL url,
      HttpOptions options,
      UrlConnectionRequest request,
      UrlConnectionResponse<? extends T> response) {
    if (url == null || options == null || request == null || response == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              url == null
                  ? "url"
                  : options == null ? "options" : request == null ? "request" : "response"));
    }
    if (!"http".equals(url.getProtocol()) && !"https".equals(url.getProtocol())) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("not an http(s) URL: " + url.getProtocol()));
    }
    TraceHeaders trace = TraceHeaders.captureCurrent();
    // The method is set by request.prepare on the worker; only the plain GET is known here.
    String name =
        Exchanges.callName(
            request == UrlConnectionRequest.GET ? "GET" : null,
            url.getProtocol(),
            url.getHost(),
            url.getPort(),
            url.getPath());
    return seam.call(
        options.toCallOptions(false, name),
        call -> {
          try {
            return run(call, url, options, trace, request, response);
          } catch (IOException e) {
            throw Exchanges.namingTarget(e, toUri(url));
          }
        });
  }

  private static <T> T run(
      CallContext call,
      URL url,
      HttpOptions options,
      TraceHeaders trace,
      UrlConnectionRequest request,
      UrlConnectionResponse<? extends T> response)
      throws IOException {
    // exchange() admitted only http and https URLs, whose connections are HttpURLConnections.
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    int millis = Exchanges.remainingMillis(call);
    connection.setConnectTimeout(millis);
    connection.setReadTimeout(millis);
    trace.writeTo(connection::setRequestProperty);
    HeaderPhase phase = new HeaderPhase(connection);
    boolean completed = false;
    try (CallContext.Registration hook = call.onCancel(phase::cancel)) {
      phase.ensureOpen();
      request.prepare(connection);
      phase.ensureOpen();
      int status = connection.getResponseCode();
      phase.end(); // from here on, disconnect() would wait for a blocked read: see the class doc
      if (options.failOnServerError() && status >= 500) {
        throw new HttpStatusException(
            status, connection.getRequestMethod(), Exchanges.describe(toUri(url)));
      }
      Exchanges.checkDeclaredLength(connection.getContentLengthLong(), options.maxBodyBytes());
      try (InputStream body =
          new CancelCheckingInputStream(
              body(connection, status, options.maxBodyBytes()), call::isCancelled)) {
        T result = response.read(connection, body);
        completed = true;
        return result;
      }
    } finally {
      if (!completed || call.isCancelled()) {
        connection.disconnect(); // never hand a half-read or aborted socket to the keep-alive cache
      }
    }
  }

  private static InputStream body(HttpURLConnection connection, int status, long limit)
      throws IOException {
    InputStream raw = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    if (raw == null) {
      raw = InputStream.nullInputStream();
    }
    return limit < 0 ? raw : new LimitedInputStream(raw, limit, connection::disconnect);
  }

  private static URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
