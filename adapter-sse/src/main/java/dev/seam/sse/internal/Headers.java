package dev.seam.sse.internal;

/** The response headers of every event stream. */
final class Headers {
  static final String CONTENT_TYPE = "text/event-stream;charset=UTF-8";
  // Proxies and browsers must not cache or replay a live stream.
  static final String CACHE_CONTROL = "no-cache";
  // nginx buffers responses by default, which would hold events back until its buffer fills.
  static final String X_ACCEL_BUFFERING = "no";

  private Headers() {}
}
