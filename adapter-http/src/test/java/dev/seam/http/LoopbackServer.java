package dev.seam.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that plays one script per connection, so tests can produce the
 * faults a real server library hides: resets, silence, stalls. It records each request's headers,
 * when the client's side of a stalled connection closed, and how many body bytes it wrote.
 */
final class LoopbackServer implements AutoCloseable {

  /** What the server does with one connection after reading the request head. */
  @FunctionalInterface
  interface Script {
    void play(Socket socket, LoopbackServer server) throws IOException;
  }

  private final ServerSocket socket;
  private final Script script;
  private final Thread acceptor;
  private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
  final Queue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();

  /** Counted down when a script has sent what it will send before stalling. */
  final CountDownLatch stalled = new CountDownLatch(1);

  /** Completed with System.nanoTime() when the client closed a stalled connection. */
  final CompletableFuture<Long> clientClosedAt = new CompletableFuture<>();

  final AtomicLong bodyBytesWritten = new AtomicLong();

  /** Released once each time a script has finished with its connection and closed it. */
  final java.util.concurrent.Semaphore connectionsDone = new java.util.concurrent.Semaphore(0);

  /** Connections accepted so far. */
  final java.util.concurrent.atomic.AtomicInteger connections =
      new java.util.concurrent.atomic.AtomicInteger();

  LoopbackServer(Script script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "loopback-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "loopback-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      requests.add(readHead(s.getInputStream()));
      script.play(s, this);
    } catch (IOException e) {
      clientClosedAt.complete(System.nanoTime()); // the client went away while the script wrote
    } finally {
      connectionsDone.release();
    }
  }

  static Map<String, String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) { // until CR LF CR LF
      int b = in.read();
      if (b < 0) {
        throw new IOException("client closed before the request head ended");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    Map<String, String> headers = new TreeMap<>();
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).lines().toArray(String[]::new);
    headers.put(":request", lines[0]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return headers;
  }

  /** Waits until the client closes the connection, then records when. */
  void awaitClientClose(Socket s) {
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      while (in.read(buf) >= 0) {
        // a client that sends more (it should not) is ignored
      }
    } catch (IOException e) {
      // a reset is a close too
    }
    clientClosedAt.complete(System.nanoTime());
  }

  static void writeHead(OutputStream out, int status, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  // ---- scripts ----

  static Script respond(int status, String body) {
    return (s, server) -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      writeHead(
          out,
          status,
          "Content-Type: text/plain; charset=utf-8",
          "Content-Length: " + bytes.length,
          "Connection: close");
      out.write(bytes);
      out.flush();
    };
  }

  /** Sends headers and part of a declared body, then stops sending and waits. */
  static Script stallBody() {
    return (s, server) -> {
      OutputStream out = s.getOutputStream();
      writeHead(out, 200, "Content-Length: 1000000", "Connection: close");
      out.write(new byte[10]);
      out.flush();
      server.stalled.countDown();
      server.awaitClientClose(s);
    };
  }

  /** Reads the request and never answers. */
  static Script stallHeaders() {
    return (s, server) -> {
      server.stalled.countDown();
      server.awaitClientClose(s);
    };
  }

  /** Declares a body, sends part of it, then resets the connection. */
  static Script resetMidBody() {
    return (s, server) -> {
      OutputStream out = s.getOutputStream();
      writeHead(out, 200, "Content-Length: 1000000", "Connection: close");
      out.write(new byte[1000]);
      out.flush();
      s.setSoLinger(true, 0); // close() now sends RST instead of FIN
    };
  }

  /** Reads the request and closes without a byte of response. */
  static Script closeSilently() {
    return (s, server) -> {};
  }

  /** Declares a large body and then waits: a client that checks the length reads none of it. */
  static Script declareLength(long length) {
    return (s, server) -> {
      writeHead(s.getOutputStream(), 200, "Content-Length: " + length, "Connection: close");
      server.awaitClientClose(s);
    };
  }

  /** Streams up to {@code total} chunked bytes until the client stops reading. */
  static Script streamChunked(long total) {
    return (s, server) -> {
      OutputStream out = s.getOutputStream();
      writeHead(out, 200, "Transfer-Encoding: chunked", "Connection: close");
      byte[] chunk = new byte[64 * 1024];
      byte[] size =
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] crlf = {'\r', '\n'};
      try {
        for (long sent = 0; sent < total; sent += chunk.length) {
          out.write(size);
          out.write(chunk);
          out.write(crlf);
          server.bodyBytesWritten.addAndGet(chunk.length);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } finally {
        server.clientClosedAt.complete(System.nanoTime());
      }
    };
  }

  /**
   * Sends {@code body} one byte at a time, {@code intervalMillis} apart: a slow server, not a
   * stalled one. The pause is the fault being simulated, not synchronisation.
   */
  static Script drip(String body, long intervalMillis) {
    return (s, server) -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      writeHead(out, 200, "Content-Length: " + bytes.length, "Connection: close");
      for (byte b : bytes) {
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        out.write(b);
        out.flush();
        server.bodyBytesWritten.incrementAndGet();
      }
    };
  }

  /**
   * Answers {@code perConnection} requests on one kept-alive connection (no {@code Connection:
   * close}), then closes it without saying so, as servers do when their idle timeout fires.
   */
  static Script keepAlive(String body, int perConnection) {
    return (s, server) -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < perConnection; i++) {
        if (i > 0) {
          server.requests.add(readHead(s.getInputStream()));
        }
        writeHead(out, 200, "Content-Type: text/plain", "Content-Length: " + bytes.length);
        out.write(bytes);
        out.flush();
      }
    };
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
