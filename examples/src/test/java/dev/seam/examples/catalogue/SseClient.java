package dev.seam.examples.catalogue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Server-Sent-Events reader over the JDK HTTP client, for tests: it reads events the way
 * {@code EventSource} does (blank line ends an event; comments and retry hints are kept) and can
 * hang up mid-stream.
 */
final class SseClient implements AutoCloseable {
  private final HttpResponse<InputStream> response;
  private final BufferedReader lines;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  static SseClient open(HttpClient http, URI uri, String lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(10));
    if (lastEventId != null) {
      req.header("Last-Event-ID", lastEventId);
    }
    return new SseClient(http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return response.statusCode();
  }

  /** The next event, or null when the stream ends. Comments come back as events named ":". */
  Event next() throws IOException {
    String name = "message";
    String id = null;
    String retry = null;
    List<String> data = new ArrayList<>();
    boolean any = false;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (any) {
          return new Event(name, id, String.join("\n", data), retry);
        }
        continue;
      }
      any = true;
      if (line.startsWith(":")) {
        name = ":";
        data.add(line.substring(1).trim());
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).trim());
      } else if (line.startsWith("retry:")) {
        retry = line.substring(6).trim();
      }
    }
    return any ? new Event(name, id, String.join("\n", data), retry) : null;
  }

  /** The next event with this name, skipping keep-alives and others; null at the end. */
  Event next(String eventName) throws IOException {
    Event e;
    while ((e = next()) != null && !e.name().equals(eventName)) {
      // skip
    }
    return e;
  }

  /** Hangs up: the server sees a failed write. */
  @Override
  public void close() throws IOException {
    response.body().close();
  }

  record Event(String name, String id, String data, String retry) {}
}
