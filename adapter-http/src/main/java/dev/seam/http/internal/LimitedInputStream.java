package dev.seam.http.internal;

import dev.seam.http.BodyTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a response body and fails once they pass a limit, so a huge body is
 * never buffered: the reader sees {@link BodyTooLargeException} after at most limit + one read. Not
 * thread-safe, like the stream it wraps.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final Runnable onExceeded;
  private long count;

  /**
   * Wraps a body.
   *
   * @param in the body
   * @param limit the most bytes allowed
   * @param onExceeded runs once, before the exception is thrown (for example, an abort that keeps
   *     the client from draining the rest of the body into a pooled connection)
   */
  public LimitedInputStream(InputStream in, long limit, Runnable onExceeded) {
    super(in);
    this.limit = limit;
    this.onExceeded = onExceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      count(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would make the count lie
  }

  private void count(long n) throws BodyTooLargeException {
    count += n;
    if (count > limit) {
      onExceeded.run();
      throw new BodyTooLargeException(limit, count, false);
    }
  }
}
