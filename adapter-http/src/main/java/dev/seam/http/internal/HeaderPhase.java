package dev.seam.http.internal;

import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The part of an {@link HttpURLConnection} exchange in which {@code disconnect()} from another
 * thread is safe and effective: connecting, sending, reading the headers. After that, {@code
 * disconnect()} blocks behind a body read in progress, so the cancel hook must not call it.
 * Thread-safe: the hook and the worker race through one flag.
 */
public final class HeaderPhase {
  private final HttpURLConnection connection;
  private final AtomicBoolean open = new AtomicBoolean(true);

  /**
   * Starts the phase.
   *
   * @param connection the connection
   */
  public HeaderPhase(HttpURLConnection connection) {
    this.connection = connection;
  }

  /** Cancel hook: disconnects if the body has not been reached, else leaves it to the worker. */
  public void cancel() {
    if (open.compareAndSet(true, false)) {
      connection.disconnect();
    }
  }

  /**
   * Fails fast on the worker if the hook already ran: a disconnect before the connection was opened
   * does nothing, so the worker must not go on to open it.
   *
   * @throws InterruptedIOException if the call was cancelled
   */
  public void ensureOpen() throws InterruptedIOException {
    if (!open.get()) {
      throw new InterruptedIOException("exchange cancelled");
    }
  }

  /**
   * Ends the phase on the worker.
   *
   * @throws InterruptedIOException if the hook already disconnected the connection
   */
  public void end() throws InterruptedIOException {
    if (!open.compareAndSet(true, false)) {
      throw new InterruptedIOException("exchange cancelled");
    }
  }
}
