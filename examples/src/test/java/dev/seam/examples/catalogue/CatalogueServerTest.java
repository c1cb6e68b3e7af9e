package dev.seam.examples.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.examples.catalogue.SseClient.Event;
import dev.seam.testing.SeamLeakCheck;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint of the catalogue demo over real HTTP, against a real Jetty on loopback. */
@ExtendWith(SeamLeakCheck.class)
@Timeout(60)
class CatalogueServerTest {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private CatalogueServer server;

  private CatalogueServer start(Duration latency, int products) throws Exception {
    server =
        CatalogueServer.start(
            CatalogueConfig.defaults()
                .withPort(0)
                .withPricing(latency, 0)
                .withProducts(products, 10)
                .withKeepAlive(Duration.ofMillis(200)));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(); // before the leak check: every seam thread must be gone after this
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI events(String jobId) {
    return server.uri().resolve("api/jobs/" + jobId + "/events");
  }

  @Test
  void productComesWithItsLivePrice() throws Exception {
    start(Duration.ofMillis(5), 100);
    HttpResponse<String> r = get("api/products/42");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JsonField.of(r.body(), "name")).isEqualTo("Chair no. 42");
    assertThat(JsonField.of(r.body(), "price")).isEqualTo("live");
    assertThat(JsonField.number(r.body(), "priceCents")).isPositive();
  }

  @Test
  void slowPricingDegradesToPriceUnavailableWithinTheBudget() throws Exception {
    start(Duration.ofMillis(5), 100);
    assertThat(post("api/chaos?latencyMs=3000&errorRate=0").statusCode()).isEqualTo(200);

    long started = System.nanoTime();
    HttpResponse<String> r = get("api/products/7");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JsonField.of(r.body(), "name")).isEqualTo("Clock no. 7");
    assertThat(JsonField.of(r.body(), "priceCents")).isEqualTo("null");
    assertThat(JsonField.of(r.body(), "price")).startsWith("price unavailable");
    assertThat(took).isLessThan(Duration.ofMillis(1_500)); // the 250 ms budget, not 3 s
    // The panel agrees with the page: the price the page could not show is a timed-out call.
    String pricing = seamRow(get("api/seams").body(), "pricing");
    assertThat(JsonField.number(pricing, "timedOut")).isEqualTo(1);
    assertThat(JsonField.number(pricing, "succeeded")).isZero();
  }

  @Test
  void failingPricingDegradesTooAndShowsInTheSeamStats() throws Exception {
    start(Duration.ofMillis(5), 100);
    post("api/chaos?latencyMs=0&errorRate=1");

    HttpResponse<String> r = get("api/products/8");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JsonField.of(r.body(), "price"))
        .isEqualTo("price unavailable (pricing answered 503)");
    String pricing = seamRow(get("api/seams").body(), "pricing");
    assertThat(JsonField.number(pricing, "failed")).isEqualTo(1);
    assertThat(JsonField.number(pricing, "succeeded")).isZero();
  }

  /** One seam's object in {@code /api/seams}: from its name to the end of its fields. */
  private static String seamRow(String json, String name) {
    int at = json.indexOf("{\"name\":\"" + name + "\"");
    assertThat(at).as("seam " + name + " in " + json).isNotNegative();
    return json.substring(at, json.indexOf('}', at) + 1);
  }

  @Test
  void badInputAnswersAClearError() throws Exception {
    start(Duration.ofMillis(5), 100);

    HttpResponse<String> notANumber = get("api/products/abc");
    HttpResponse<String> missing = get("api/products/100000");
    HttpResponse<String> badChaos = post("api/chaos?errorRate=2");
    HttpResponse<String> noJob = get("api/jobs/job-99");

    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.body()).contains("bad product id 'abc'");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no product 100000");
    assertThat(badChaos.statusCode()).isEqualTo(400);
    assertThat(badChaos.body()).contains("error rate outside 0..1: 2.0");
    assertThat(noJob.statusCode()).isEqualTo(404);
    assertThat(noJob.body()).contains("no job 'job-99'");
  }

  @Test
  void repriceJobStreamsProgressUntilDone() throws Exception {
    start(Duration.ofMillis(5), 120);
    HttpResponse<String> started = post("api/jobs/reprice");
    assertThat(started.statusCode()).isEqualTo(202);
    String id = JsonField.of(started.body(), "id");

    List<Long> done = new ArrayList<>();
    try (SseClient sse = SseClient.open(http, events(id), "0")) { // "0": replay from the start
      assertThat(sse.status()).isEqualTo(200);
      Event e;
      while ((e = sse.next()) != null && !e.name().equals("done")) {
        if (e.name().equals("progress")) {
          done.add(JsonField.number(e.data(), "done"));
        }
      }
      assertThat(e).isNotNull();
      assertThat(JsonField.number(e.data(), "done")).isEqualTo(120);
      assertThat(JsonField.of(e.data(), "state")).isEqualTo("done");
    }
    assertThat(done).isSortedAccordingTo(Long::compare).contains(10L, 60L, 120L);
    assertThat(JsonField.of(get("api/jobs/" + id).body(), "percent")).isEqualTo("100");
    // A finished job's stream answers 204, which tells EventSource not to reconnect.
    try (SseClient after = SseClient.open(http, events(id), null)) {
      assertThat(after.status()).isEqualTo(204);
    }
  }

  @Test
  void reconnectWithLastEventIdContinuesWhereItLeftOff() throws Exception {
    start(Duration.ofMillis(60), 400); // about 1.5 s of job: room to leave and come back
    String id = JsonField.of(post("api/jobs/reprice").body(), "id");

    Event third;
    try (SseClient first = SseClient.open(http, events(id), "0")) {
      first.next("progress");
      first.next("progress");
      third = first.next("progress");
    }
    assertThat(third.id()).matches("[0-9a-z]+-3"); // <the stream's epoch>-<n>
    String epoch = third.id().substring(0, third.id().length() - 1);

    try (SseClient again = SseClient.open(http, events(id), third.id())) {
      Event next = again.next("progress");
      assertThat(next.id()).isEqualTo(epoch + "4"); // nothing lost, nothing repeated
      assertThat(JsonField.number(next.data(), "done"))
          .isEqualTo(JsonField.number(third.data(), "done") + 10);
      assertThat(again.next("done")).isNotNull();
    }
  }

  @Test
  void aClientThatLeavesMidStreamIsCountedOutAndFreed() throws Exception {
    start(Duration.ofMillis(5), 100);
    SseClient watcher = SseClient.open(http, server.uri().resolve("api/seams/events"), null);
    assertThat(watcher.next("stats")).isNotNull();
    assertThat(JsonField.number(get("api/seams").body(), "openStreams")).isEqualTo(1);

    watcher.close(); // hang up without a word

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(server.openStreams()).isZero();
              assertThat(JsonField.number(get("api/seams").body(), "openStreams")).isZero();
            });
  }

  @Test
  void seamsEndpointShowsEverySeamAsJsonAndAsAStream() throws Exception {
    start(Duration.ofMillis(5), 100);
    get("api/products/1");

    String json = get("api/seams").body();
    try (SseClient live = SseClient.open(http, server.uri().resolve("api/seams/events"), null)) {
      Event stats = live.next("stats");
      assertThat(stats.data()).contains("\"name\":\"pricing\"");
    }

    assertThat(json)
        .contains("\"name\":\"catalog-db\"", "\"name\":\"pricing\"", "\"name\":\"pricing-batch\"")
        .contains("\"name\":\"jobs\"", "\"name\":\"sse\"", "\"openStreams\":");
    assertThat(JsonField.number(json, "submitted")).isPositive(); // catalog-db comes first
    assertThat(json).contains("\"health\":\"healthy\"", "\"healthReason\":\"ok;");
  }

  @Test
  void metricsEndpointServesEverySeamsMetersInPrometheusFormat() throws Exception {
    start(Duration.ofMillis(5), 100);
    get("api/products/1");

    HttpResponse<String> metrics = get("metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("seam_calls_running{seam=\"catalog-db\"}")
        .contains("seam_capacity_free{seam=\"pricing\"}")
        .contains("seam_health{seam=\"jobs\",status=\"healthy\"} 1.0")
        .contains("seam_calls_total{outcome=\"succeeded\",seam=\"catalog-db\"}")
        .contains("seam_run_seconds_count{seam=\"catalog-db\"}");
  }

  @Test
  void pageIsPlainHtmlWithEventSource() throws Exception {
    start(Duration.ofMillis(5), 100);
    HttpResponse<String> page = get("");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("new EventSource(", "id=\"start\"", "id=\"chart\"");
    assertThat(get("nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void closingSaysGoodbyeToOpenStreams() throws Exception {
    start(Duration.ofMillis(5), 100);
    try (SseClient watcher = SseClient.open(http, server.uri().resolve("api/seams/events"), null)) {
      watcher.next("stats");

      server.close();

      Event farewell = watcher.next(":");
      assertThat(farewell.data()).isEqualTo("catalogue stopping");
      assertThat(farewell.retry()).isEqualTo("5000");
    }
    assertThat(server.seams()).allSatisfy(s -> assertThat(s.isClosed()).isTrue());
  }

  @Test
  void aTakenPortIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CatalogueConfig config = CatalogueConfig.defaults().withPort(taken.getLocalPort());
      assertThatThrownBy(() -> CatalogueServer.start(config))
          .isInstanceOf(BindException.class)
          .hasMessage("port " + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void badSettingsNameTheValue() {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("seam.demo.port", "eighty");
    assertThatThrownBy(() -> CatalogueConfig.from(props))
        .hasMessage("seam.demo.port is not a number: 'eighty'");
    assertThatThrownBy(() -> CatalogueConfig.defaults().withPricing(Duration.ofMillis(5), 1.5))
        .hasMessage("pricing error rate outside 0..1: 1.5");
  }
}
