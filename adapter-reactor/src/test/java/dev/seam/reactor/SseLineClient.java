package dev.seam.reactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that reads {@code text/event-stream} as the WHATWG spec says (lines; a blank line
 * dispatches; {@code :} starts a comment; one space after the colon is dropped; the last id
 * sticks), over the JDK's {@code HttpURLConnection} (in {@code java.base}, which the module under
 * test reads). Closing it closes the connection.
 */
final class SseLineClient implements AutoCloseable {
  /** One dispatched event, or a comment (event and data null). */
  record Message(String id, String data, String comment) {
    boolean isComment() {
      return comment != null;
    }
  }

  final HttpURLConnection connection;
  private final BufferedReader lines;
  private String lastEventId;

  private SseLineClient(HttpURLConnection connection, InputStream body) {
    this.connection = connection;
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  static SseLineClient connect(URI uri, String lastEventId) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000); // a stalled stream fails the test instead of hanging it
    connection.setUseCaches(false);
    connection.setRequestProperty("Accept", "text/event-stream");
    if (lastEventId != null) {
      connection.setRequestProperty("Last-Event-ID", lastEventId);
    }
    SseLineClient client = new SseLineClient(connection, connection.getInputStream());
    client.lastEventId = lastEventId;
    return client;
  }

  String lastEventId() {
    return lastEventId;
  }

  /** The next event or comment, or null at the end of the stream. */
  Message next() throws IOException {
    StringBuilder data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Message(lastEventId, data.toString(), null);
        }
        continue;
      }
      if (line.startsWith(":")) {
        return new Message(null, null, line.substring(1).strip());
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("id")) {
        lastEventId = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return null;
  }

  /** The next {@code n} events, skipping comments. */
  List<Message> events(int n) throws IOException {
    List<Message> events = new ArrayList<>();
    while (events.size() < n) {
      Message r = next();
      if (r == null) {
        break;
      }
      if (!r.isComment()) {
        events.add(r);
      }
    }
    return events;
  }

  @Override
  public void close() {
    connection.disconnect(); // closes the socket, even mid-stream
  }
}
