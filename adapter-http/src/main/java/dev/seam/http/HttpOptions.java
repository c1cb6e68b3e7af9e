package dev.seam.http;

import dev.seam.CallOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings of an HTTP exchange on a seam. Immutable and thread-safe; start from {@link
 * #defaults()} and use the {@code with...} methods.
 *
 * <ul>
 *   <li><b>timeout</b>: the call's deadline, counted from submission. Default: the seam's. The time
 *       left when the exchange starts becomes the client's own timeout where the client has one.
 *   <li><b>maxBodyBytes</b>: reading more response body than this fails the call with {@link
 *       BodyTooLargeException} and closes the connection; a declared {@code Content-Length} above
 *       it fails before any byte is read. Default: no limit.
 *   <li><b>failOnServerError</b>: a 5xx status fails the call with {@link HttpStatusException}
 *       before the handler sees the response, and the body is not read. Default true; turn it off
 *       to let the handler see 5xx responses.
 * </ul>
 *
 * @since 0.1
 */
public final class HttpOptions {
  private static final long NO_LIMIT = -1;
  private static final HttpOptions DEFAULTS = new HttpOptions(null, NO_LIMIT, true);

  private final Duration timeout;
  private final long maxBodyBytes;
  private final boolean failOnServerError;
  // The seam options without a description, made once here so that a call adds only its own name.
  private final CallOptions interrupting;
  private final CallOptions notInterrupting;

  private HttpOptions(Duration timeout, long maxBodyBytes, boolean failOnServerError) {
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.failOnServerError = failOnServerError;
    CallOptions base = timeout == null ? CallOptions.defaults() : CallOptions.timeout(timeout);
    this.interrupting = base.withInterruptOnCancel(true);
    this.notInterrupting = base.withInterruptOnCancel(false);
  }

  /**
   * The seam's timeout, no body limit, 5xx fails the call.
   *
   * @return the default options
   */
  public static HttpOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy with this per-call deadline, counted from submission.
   *
   * @param timeout positive time from submission to the deadline
   * @return a copy with the timeout
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if it is zero or negative
   */
  public HttpOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new HttpOptions(timeout, maxBodyBytes, failOnServerError);
  }

  /**
   * Returns a copy that fails the call once the response body exceeds this many bytes.
   *
   * @param maxBodyBytes the largest body accepted, zero or more
   * @return a copy with the limit
   * @throws IllegalArgumentException if {@code maxBodyBytes} is negative
   */
  public HttpOptions withMaxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes < 0: " + maxBodyBytes);
    }
    return new HttpOptions(timeout, maxBodyBytes, failOnServerError);
  }

  /**
   * Returns a copy that says whether a 5xx status fails the call before the handler runs.
   *
   * @param fail true to fail with {@link HttpStatusException}, false to hand 5xx to the handler
   * @return a copy with the choice
   */
  public HttpOptions withFailOnServerError(boolean fail) {
    return new HttpOptions(timeout, maxBodyBytes, fail);
  }

  /**
   * The per-call timeout, or null to use the seam's.
   *
   * @return the timeout or null
   */
  public Duration timeoutOrNull() {
    return timeout;
  }

  /**
   * The body limit in bytes, or -1 for none.
   *
   * @return the limit or -1
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Whether a 5xx status fails the call.
   *
   * @return the choice
   */
  public boolean failOnServerError() {
    return failOnServerError;
  }

  /**
   * The seam options for a call with these settings, interrupting the worker on cancel or not, and
   * named by {@code description} in every failure (timeout, rejection, cancel, what it threw).
   *
   * @param interruptOnCancel whether the worker is interrupted after the cancel hooks ran
   * @param description the request's method and target, without query string or user info
   * @return the seam call options
   */
  CallOptions toCallOptions(boolean interruptOnCancel, String description) {
    return (interruptOnCancel ? interrupting : notInterrupting).withDescription(description);
  }

  @Override
  public String toString() {
    return "HttpOptions{timeout="
        + timeout
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", failOnServerError="
        + failOnServerError
        + "}";
  }
}
