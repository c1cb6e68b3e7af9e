/**
 * Typed adapters that run blocking HTTP exchanges on a {@link dev.seam.Seam}: {@link
 * dev.seam.http.AsyncUrlConnection}, {@link dev.seam.http.AsyncJdkHttp}, {@link
 * dev.seam.http.AsyncApacheHttp} and {@link dev.seam.http.AsyncOkHttp}.
 *
 * <p>Each keeps its client's own request and response types and adds the same three things: the
 * call's remaining deadline becomes the client's timeout where the client allows; a timeout or
 * {@code cancel(...)} of the returned future aborts the exchange and releases its socket; and when
 * OpenTelemetry is present, the request carries a W3C {@code traceparent} header from the context
 * current when the call was submitted. {@link dev.seam.http.HttpOptions} adds a per-call timeout, a
 * body-size limit and whether a 5xx status fails the call.
 *
 * <p>Every failure of a call (timeout, rejection, the caller's cancel, what the client threw) names
 * the request as its {@link dev.seam.CallOptions#withDescription description}: the method and
 * {@code scheme://host:port/path}, such as {@code GET http://pricing:8080/quotes/42}, never the
 * query string or user info, which may hold secrets. The name is built once at submission; Seam
 * formats it into a message only when the call fails.
 *
 * <p>All types here are thread-safe unless their javadoc says otherwise.
 */
package dev.seam.http;
