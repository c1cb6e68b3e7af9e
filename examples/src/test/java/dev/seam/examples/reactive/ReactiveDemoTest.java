package dev.seam.examples.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebFlux example over real HTTP on loopback: the sync DAO answers through a seam, the reprice
 * job streams its progress as SSE, a reconnect resumes after {@code Last-Event-ID}, and a client
 * that leaves stops the job.
 */
class ReactiveDemoTest {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ReactiveDemo demo;

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(demo.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The ids and data of a stream's events, read as the SSE spec says, until n or the end. */
  private record Event(String id, String event, String data) {}

  private static final class Stream implements AutoCloseable {
    final HttpResponse<InputStream> response;
    final BufferedReader lines;

    Stream(HttpResponse<InputStream> response) {
      this.response = response;
      this.lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    List<Event> events(int n) throws IOException {
      List<Event> events = new ArrayList<>();
      String id = null;
      String event = null;
      String data = null;
      String line;
      while (events.size() < n && (line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(id, event, data));
          }
          event = null;
          data = null;
        } else if (!line.startsWith(":")) {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> data = data == null ? value : data + "\n" + value;
            default -> {}
          }
        }
      }
      return events;
    }

    @Override
    public void close() throws IOException {
      lines.close(); // hangs up mid-stream
    }
  }

  private Stream progress(String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(demo.uri().resolve("/orders/reprice/progress"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(10));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new Stream(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  @Test
  void theSyncDaoAnswersThroughTheSeam() throws Exception {
    demo = ReactiveDemo.start(0, 10, Duration.ZERO);

    HttpResponse<String> found = get("/orders/7");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(found.body())
        .isEqualTo("{\"id\":7,\"customer\":\"customer-0\",\"priceCents\":1007}");
    assertThat(get("/orders/99").statusCode()).isEqualTo(404);
    HttpResponse<String> bad = get("/orders/seven");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("not an order id: seven");
    assertThat(demo.ordersDb().stats().succeeded()).as("a 400 never reaches the DAO").isEqualTo(2);
  }

  @Test
  void theRepriceJobStreamsItsProgressAndAReconnectResumesAfterTheLastId() throws Exception {
    demo = ReactiveDemo.start(0, 5, Duration.ZERO);

    try (Stream first = progress(null)) {
      assertThat(first.response.statusCode()).isEqualTo(200);
      assertThat(first.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(first.events(100))
          .containsExactly(
              new Event("1", "progress", "{\"done\":1,\"total\":5}"),
              new Event("2", "progress", "{\"done\":2,\"total\":5}"),
              new Event("3", "progress", "{\"done\":3,\"total\":5}"),
              new Event("4", "progress", "{\"done\":4,\"total\":5}"),
              new Event("5", "progress", "{\"done\":5,\"total\":5}"));
    }
    try (Stream again = progress("3")) {
      assertThat(again.events(100))
          .extracting(Event::id)
          .as("after id 3, to the end of the job")
          .containsExactly("4", "5");
    }
    assertThat(get("/orders/4").body()).contains("\"priceCents\":1106"); // 1004 raised 5 % twice
  }

  @Test
  void aClientThatLeavesStopsTheJob() throws Exception {
    demo = ReactiveDemo.start(0, 1_000, Duration.ofMillis(50)); // 50 s if nobody stops it

    try (Stream client = progress(null)) {
      assertThat(client.events(2)).extracting(Event::id).containsExactly("1", "2");
      assertThat(demo.jobs().stats().running()).isEqualTo(1);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> demo.jobs().stats().running() == 0);
    assertThat(get("/orders/1000").body())
        .as("the job never reached the last order")
        .contains("\"priceCents\":2000");
  }
}
