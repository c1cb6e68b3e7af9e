package dev.seam.sse.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream on a Servlet 6 async response, written without blocking: once committed, the output
 * stream has a {@link WriteListener}, every write and flush is preceded by {@link
 * ServletOutputStream#isReady()}, and the container's {@code onWritePossible} resumes the stream's
 * writer loop. A client that stops reading therefore parks no thread, only its unwritten bytes.
 */
public final class ServletTransport implements Transport {
  private final AsyncContext async;
  private final HttpServletResponse response;
  private final AtomicBoolean completed = new AtomicBoolean();
  private ServletOutputStream out;
  private volatile Connection connection;
  private volatile boolean nonBlocking; // read by the producer to decide where the loop runs

  /**
   * Wraps a started async context.
   *
   * @param async the context, with its timeout already switched off
   */
  public ServletTransport(AsyncContext async) {
    this.async = async;
    this.response = (HttpServletResponse) async.getResponse();
  }

  /**
   * Reports the container's view of a dead exchange (error, timeout) to the stream.
   *
   * @param c the stream
   */
  public void listen(Connection c) {
    connection = c;
    async.addListener(
        new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            c.gone("response completed");
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            c.gone("async timeout");
          }

          @Override
          public void onError(AsyncEvent event) {
            c.gone("client disconnected: " + event.getThrowable());
          }

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
  }

  /**
   * Copies what a producer may read from the request.
   *
   * @param request the request
   * @return the snapshot
   */
  public static RequestSnapshot snapshot(HttpServletRequest request) {
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, request.getHeader(name));
    }
    return new RequestSnapshot(
        request.getRequestURI(),
        request.getQueryString(),
        headers,
        request.getRemoteAddr() + ":" + request.getRemotePort());
  }

  @Override
  public void answer(byte[] body) {
    try {
      setHeaders();
      ServletOutputStream blocking = response.getOutputStream(); // no listener: blocking writes
      blocking.write(body);
      blocking.flush();
    } catch (IOException | RuntimeException e) {
      // the client is gone already; completing below is all that is left to do
    } finally {
      close();
    }
  }

  private void setHeaders() {
    response.setStatus(200);
    response.setHeader("Content-Type", Headers.CONTENT_TYPE);
    response.setHeader("Cache-Control", Headers.CACHE_CONTROL);
    response.setHeader("X-Accel-Buffering", Headers.X_ACCEL_BUFFERING);
  }

  @Override
  public void commit() throws IOException {
    setHeaders();
    out = response.getOutputStream();
    Connection c = connection;
    if (c == null) {
      return; // not listened to: written with blocking writes (only tests do this)
    }
    out.setWriteListener(
        new WriteListener() {
          @Override
          public void onWritePossible() {
            c.writable();
          }

          @Override
          public void onError(Throwable t) {
            c.gone("write failed: " + t);
          }
        });
    nonBlocking = true;
  }

  @Override
  public boolean isReady() {
    return !nonBlocking || out.isReady();
  }

  @Override
  public boolean blocks() {
    return !nonBlocking;
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void reject(int status, long retryAfterSeconds, String body) {
    try {
      response.setStatus(status);
      if (retryAfterSeconds > 0) {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
      }
      if (status != 204) {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        response.setHeader("Content-Type", "text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      // the client is gone already; completing below is all that is left to do
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (completed.compareAndSet(false, true)) {
      try {
        async.complete();
      } catch (RuntimeException e) {
        // already completed by the container after an error
      }
    }
  }

  @Override
  public void abort() {
    close();
  }
}
