package dev.seam.sse;

import java.util.Optional;

/**
 * What a producer may know about the HTTP request that opened its stream, captured when the request
 * arrived, so it stays valid on any thread for the life of the stream.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public interface SseRequest {
  /**
   * The request path, without the query string.
   *
   * @return the path
   */
  String path();

  /**
   * The first value of a request header.
   *
   * @param name the header name, in any case
   * @return the value, or empty
   */
  Optional<String> header(String name);

  /**
   * The first value of a query parameter, URL-decoded.
   *
   * @param name the parameter name
   * @return the value, or empty
   */
  Optional<String> queryParameter(String name);

  /**
   * The {@code Last-Event-ID} header a reconnecting client sends: the id of the last event it saw.
   * After a stream that ended with the endpoint's failure event (whose id is a marker, see {@link
   * SseEndpointBuilder#stopAfterFailures}), the id the client had before that failure.
   *
   * @return the id, or empty on a first connection
   */
  default Optional<String> lastEventId() {
    return header("Last-Event-ID");
  }
}
