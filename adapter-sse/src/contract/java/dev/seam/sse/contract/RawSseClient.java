package dev.seam.sse.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a plain socket that speaks HTTP/1.0 (so the body is close-delimited, not chunked),
 * which lets tests stop reading, or vanish, whenever they like. Shared by the tests of seam-sse and
 * of every event log engine.
 */
public final class RawSseClient implements AutoCloseable {
  public final int status;
  public final Map<String, String> headers = new LinkedHashMap<>();
  private final Socket socket;
  private final InputStream in;
  private final SpecParser parser = new SpecParser();
  private final StringBuilder raw = new StringBuilder();

  private RawSseClient(Socket socket, int status, InputStream in) {
    this.socket = socket;
    this.status = status;
    this.in = in;
  }

  public static RawSseClient open(URI uri, String... headerLines) throws IOException {
    return open(uri, 0, headerLines);
  }

  /** Opens a stream; a positive receive buffer keeps the kernel from soaking up much data. */
  public static RawSseClient open(URI uri, int receiveBuffer, String... headerLines)
      throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort()), 5_000);
    s.setSoTimeout(10_000);
    StringBuilder req = new StringBuilder();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    req.append("GET ").append(target).append(" HTTP/1.0\r\n");
    req.append("Host: 127.0.0.1:").append(uri.getPort()).append("\r\n");
    req.append("Accept: text/event-stream\r\n");
    for (String h : headerLines) {
      req.append(h).append("\r\n");
    }
    req.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = new BufferedInputStream(s.getInputStream());
    String statusLine = readLine(in);
    if (statusLine.length() < 12) {
      s.close();
      throw new IOException("connection closed before a status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12)); // "HTTP/1.x NNN ..."
    RawSseClient c = new RawSseClient(s, status, in);
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      c.headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return c;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Reads until {@code n} events in total have been dispatched; fails on EOF first. */
  public SpecParser.Dispatched awaitEvent(int n) throws IOException {
    while (parser.events().size() < n) {
      if (!readSome()) {
        throw new IOException("stream ended after " + parser.events().size() + " events: " + raw);
      }
    }
    return parser.events().get(n - 1);
  }

  /** Reads until {@code n} comments in total were seen. */
  public void awaitComments(int n) throws IOException {
    while (parser.comments().size() < n) {
      if (!readSome()) {
        throw new IOException("stream ended after " + parser.comments().size() + " comments");
      }
    }
  }

  /** Reads to the end of the stream and returns everything received. */
  public String readToEnd() throws IOException {
    while (readSome()) {
      // keep reading
    }
    return raw.toString();
  }

  private boolean readSome() throws IOException {
    byte[] buf = new byte[8192];
    int n = in.read(buf);
    if (n < 0) {
      return false;
    }
    String s = new String(buf, 0, n, StandardCharsets.UTF_8);
    raw.append(s);
    parser.feed(s);
    return true;
  }

  public SpecParser parser() {
    return parser;
  }

  public String raw() {
    return raw.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
