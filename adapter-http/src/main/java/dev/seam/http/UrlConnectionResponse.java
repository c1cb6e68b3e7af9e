package dev.seam.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/**
 * Reads the response of an {@link HttpURLConnection} on the seam's worker.
 *
 * @param <T> the result type; a null result completes the future with null
 * @since 0.1
 */
@FunctionalInterface
public interface UrlConnectionResponse<T> {
  /**
   * Reads the response.
   *
   * @param connection the connected connection, for the status and headers
   * @param body the body (the error stream for statuses of 400 and above, empty if there is none),
   *     limited by {@link HttpOptions#maxBodyBytes()}; Seam closes it after this returns or throws
   * @return the result
   * @throws IOException if reading fails; it fails the call
   */
  T read(HttpURLConnection connection, InputStream body) throws IOException;
}
