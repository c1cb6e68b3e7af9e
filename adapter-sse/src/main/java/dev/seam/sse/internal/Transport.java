package dev.seam.sse.internal;

import java.io.IOException;

/**
 * One HTTP response as a stream sees it, whatever the server. Only the stream's single active
 * writer calls {@link #commit}, {@link #write} and {@link #flush}; {@link #reject} is called only
 * before anything was committed; {@link #close} and {@link #abort} may come from any thread.
 */
public interface Transport {
  /** Sends status 200 and the event-stream headers. */
  void commit() throws IOException;

  /** Writes bytes; may block while the client is not reading. */
  void write(byte[] bytes) throws IOException;

  /** Pushes written bytes to the client. */
  void flush() throws IOException;

  /**
   * Answers with a status instead of a stream, and ends the exchange.
   *
   * @param status the HTTP status
   * @param retryAfterSeconds a {@code Retry-After} value, or zero for none
   * @param body a plain-text body (ignored for 204)
   */
  void reject(int status, long retryAfterSeconds, String body);

  /** Ends the response normally, after the last write. Never throws. */
  void close();

  /** Ends the response at once, possibly while another thread is blocked writing. Never throws. */
  void abort();
}
