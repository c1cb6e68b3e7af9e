package dev.seam.http;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads an OkHttp {@link Response} on the seam's worker. Seam closes the response after this
 * returns or throws, so the handler need not.
 *
 * @param <T> the result type; a null result completes the future with null
 * @since 0.1
 */
// The client is an optional dependency: whoever uses this binding reads its module already, and
// `requires static transitive` would make every modular user of seam-http need it to compile.
@SuppressWarnings("exports")
@FunctionalInterface
public interface OkHttpHandler<T> {
  /**
   * Reads the response.
   *
   * @param response the response; its body is limited by {@link HttpOptions#maxBodyBytes()}
   * @return the result
   * @throws IOException if reading fails; it fails the call
   */
  T handle(Response response) throws IOException;
}
