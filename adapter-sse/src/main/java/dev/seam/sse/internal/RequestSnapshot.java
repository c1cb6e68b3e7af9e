package dev.seam.sse.internal;

import dev.seam.sse.SseRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable copy of what a producer may read from its request. */
public final class RequestSnapshot implements SseRequest {
  private final String path;
  private final Map<String, String> headers;
  private final Map<String, String> query;
  private final int failedStreams;
  private final String lastEventId;
  private final String rawQuery;
  private final String client;

  /**
   * Copies a request.
   *
   * @param path the path without query
   * @param rawQuery the raw query string, or null
   * @param headers header names (any case) to their first value
   */
  public RequestSnapshot(String path, String rawQuery, Map<String, String> headers) {
    this(path, rawQuery, headers, null);
  }

  /**
   * Copies a request and where it came from.
   *
   * @param path the path without query
   * @param rawQuery the raw query string, or null
   * @param headers header names (any case) to their first value
   * @param client the client's address and port as the server saw them, or null if unknown
   */
  public RequestSnapshot(String path, String rawQuery, Map<String, String> headers, String client) {
    this.path = path;
    this.rawQuery = rawQuery;
    this.client = client == null ? "an unknown client" : client;
    Map<String, String> h = new HashMap<>();
    headers.forEach((k, v) -> h.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    this.headers = Map.copyOf(h);
    this.query = parse(rawQuery);
    String raw = this.headers.get("last-event-id");
    FailureMarker.Parsed marker = FailureMarker.parse(raw);
    this.failedStreams = marker == null ? 0 : marker.failures();
    String id = marker == null ? raw : marker.previousId();
    this.lastEventId = id == null || id.isEmpty() ? null : id;
  }

  /**
   * How many of this client's streams in a row ended with the failure event, as its {@code
   * Last-Event-ID} says.
   *
   * @return zero after a stream that did not fail, or on a first connection
   */
  public int failedStreams() {
    return failedStreams;
  }

  private static Map<String, String> parse(String rawQuery) {
    Map<String, String> q = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        q.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    return Map.copyOf(q);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The client's last event id, without the failure marker the endpoint may have put around it. */
  @Override
  public Optional<String> lastEventId() {
    return Optional.ofNullable(lastEventId);
  }

  /** The path and, if there was one, the raw query: what the stream's log lines name. */
  String pathAndQuery() {
    return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
  }

  /** The client's address and port, for log lines. */
  String client() {
    return client;
  }

  @Override
  public String toString() {
    return "SseRequest{" + path + "}";
  }
}
