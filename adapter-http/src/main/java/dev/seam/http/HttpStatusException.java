package dev.seam.http;

import java.io.IOException;

/**
 * The server answered with a 5xx status and the call's options {@linkplain
 * HttpOptions#withFailOnServerError fail on server errors}. The message names the status, the
 * method and the target without its query string (queries may carry secrets).
 *
 * @since 0.1
 */
public final class HttpStatusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /**
   * Creates the exception.
   *
   * @param statusCode the response status
   * @param method the request method
   * @param target the request target, query removed by the caller
   */
  public HttpStatusException(int statusCode, String method, String target) {
    super("HTTP " + statusCode + " from " + method + " " + target);
    this.statusCode = statusCode;
  }

  /**
   * The response status.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }
}
