package dev.seam.http;

import java.io.IOException;

/**
 * A response body was larger than the call's {@link HttpOptions#withMaxBodyBytes limit}. The
 * connection was closed rather than drained, so the rest of the body was never read.
 *
 * @since 0.1
 */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the limit in bytes
   * @param seen the bytes read, or the declared length, when the limit was passed
   * @param declared whether {@code seen} is the declared {@code Content-Length}
   */
  public BodyTooLargeException(long limit, long seen, boolean declared) {
    super(
        declared
            ? "response body declares Content-Length " + seen + ", over the limit of " + limit
            : "response body exceeds the limit of " + limit + " bytes (read " + seen + ")");
    this.limit = limit;
  }

  /**
   * The limit that was exceeded.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }
}
