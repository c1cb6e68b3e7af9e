package dev.seam.sse.internal;

import java.io.IOException;

/**
 * One HTTP response as a stream sees it, whatever the server. Only the stream's writer loop (one
 * thread at a time) calls {@link #commit}, {@link #isReady}, {@link #write}, {@link #flush}, {@link
 * #close} and {@link #abort}; {@link #reject} is called only before anything was committed.
 */
public interface Transport {
  /** Sends status 200 and the event-stream headers. */
  void commit() throws IOException;

  /**
   * Whether the next write or flush may be called now. A non-blocking transport that answers false
   * calls {@link Connection#writable()} once it may.
   */
  boolean isReady() throws IOException;

  /**
   * Whether write, flush and abort block the calling thread while the client is not reading (then
   * each is guarded by the write deadline, and the thread is interrupted past it).
   */
  boolean blocks();

  /** Writes bytes; on a blocking transport, may block while the client is not reading. */
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

  /**
   * Answers with a short event stream (status 200, the headers, {@code body}) and ends it, with
   * blocking writes; called only before anything was committed. Never throws.
   *
   * @param body the encoded events or comments
   */
  void answer(byte[] body);

  /** Ends the response normally, after the last write. Never throws. */
  void close();

  /** Ends the response at once, dropping what is unwritten if the transport can. Never throws. */
  void abort();
}
