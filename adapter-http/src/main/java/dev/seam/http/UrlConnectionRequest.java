package dev.seam.http;

import java.io.IOException;
import java.net.HttpURLConnection;

/**
 * Prepares an {@link HttpURLConnection} before it is sent: method, headers, request body. Runs on
 * the seam's worker, after Seam set the timeouts and the trace headers.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface UrlConnectionRequest {
  /** A request with nothing to add: a plain GET. */
  UrlConnectionRequest GET = connection -> {};

  /**
   * Prepares the connection.
   *
   * @param connection the unconnected connection
   * @throws IOException if writing the request fails; it fails the call
   */
  void prepare(HttpURLConnection connection) throws IOException;
}
