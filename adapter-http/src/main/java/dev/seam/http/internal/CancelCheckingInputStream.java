package dev.seam.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * A body stream that stops at the first read boundary after its call was cancelled, for clients
 * whose blocked reads cannot be broken from another thread. Not thread-safe, like the stream it
 * wraps.
 */
public final class CancelCheckingInputStream extends FilterInputStream {
  private final BooleanSupplier cancelled;

  /**
   * Wraps a body.
   *
   * @param in the body
   * @param cancelled true once the call was cancelled or timed out
   */
  public CancelCheckingInputStream(InputStream in, BooleanSupplier cancelled) {
    super(in);
    this.cancelled = cancelled;
  }

  @Override
  public int read() throws IOException {
    check();
    int b = super.read();
    check();
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    int n = super.read(b, off, len);
    check();
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    check();
    return super.skip(n);
  }

  private void check() throws InterruptedIOException {
    if (cancelled.getAsBoolean()) {
      throw new InterruptedIOException("exchange cancelled or past its deadline");
    }
  }
}
