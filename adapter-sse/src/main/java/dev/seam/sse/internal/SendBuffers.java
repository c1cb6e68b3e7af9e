package dev.seam.sse.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * Sets the kernel send buffer of the socket under a servlet stream, where the container lets us
 * reach it (Jetty 12, HTTP/1.x), so that a client that stops reading stalls the stream's writes
 * after a few KiB rather than after the megabytes Linux would let the buffer grow to.
 *
 * <p>Thread-safe (stateless); runs on the container thread that admits the stream.
 */
public final class SendBuffers {
  private SendBuffers() {}

  /**
   * Sets the send buffer of the request's socket, if the container is Jetty.
   *
   * @param request the stream's request, maybe wrapped by filters
   * @param bytes the buffer, or 0 to leave the socket alone
   * @return whether the buffer was set
   */
  public static boolean set(ServletRequest request, int bytes) {
    if (bytes == 0) {
      return false;
    }
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper w) {
      r = w.getRequest();
    }
    // Only then are Jetty's classes loaded: other containers need none on their class path.
    return r.getClass().getName().startsWith("org.eclipse.jetty.") && JettySendBuffer.set(r, bytes);
  }
}
