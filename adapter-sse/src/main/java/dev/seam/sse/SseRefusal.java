package dev.seam.sse;

/**
 * How an endpoint answers a request it cannot serve now: an open-stream cap is reached, the seam
 * has no worker free for another stream or refuses the call, or the endpoint is shutting down. Each
 * answer tells the client to come back later; they differ in what a client does with it.
 *
 * @since 0.1
 */
public enum SseRefusal {
  /**
   * Status 200 with the event-stream headers, one comment saying why, a {@code retry:} hint, and
   * the end of the stream. Per the WHATWG spec an {@code EventSource} then reconnects after the
   * hint (with its {@code Last-Event-ID}), while browsers and the npm {@code eventsource} package
   * treat any non-200 answer as final and never come back. The hint is the endpoint's {@link
   * SseEndpointBuilder#retryAfter retryAfter} plus up to half of it again at random, so refused
   * clients do not all return in the same instant. The default.
   */
  RETRY_STREAM,
  /**
   * Status 503 with {@code Retry-After} (the endpoint's {@link SseEndpointBuilder#retryAfter
   * retryAfter} in whole seconds) and a plain-text body saying why: for clients that are not
   * browsers and handle the status themselves.
   */
  STATUS_503
}
