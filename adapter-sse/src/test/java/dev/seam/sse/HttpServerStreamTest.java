package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same contracts through the JDK HttpServer binding. */
@ExtendWith(SeamLeakCheck.class)
class HttpServerStreamTest {
  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-jdk").maxConcurrency(1).maxQueued(0).build();
  private SseEndpoint endpoint;
  private TestServer server;

  private void serve(SseEndpointBuilder b, SseProducer producer) throws Exception {
    endpoint = b.build();
    server = TestServer.jdk(endpoint, producer);
  }

  private SseEndpointBuilder endpoint() {
    return SseEndpoint.builder(seam).clock(clock);
  }

  private void awaitWriterIdle() {
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 1);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @Test
  void streamsEventsWithHeadersAndKeepAlivesThenEndsWhenTheProducerReturns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve(
        endpoint(),
        emitter -> {
          emitter.send(SseEvent.of("a", "1\n2").id(1));
          release.await();
          emitter.send(SseEvent.of("b", "3").id(2));
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/x"))) {
      assertThat(c.status).isEqualTo(200);
      assertThat(c.header("Content-Type")).startsWith("text/event-stream");
      assertThat(c.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(c.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("a", "1\n2", "1"));
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15)); // default interval
      c.awaitComments(1);
      release.countDown();
      c.readToEnd();
      assertThat(c.parser().events()).hasSize(2);
    }
  }

  @Test
  void disconnectCancelsTheProducerWithinOneKeepAlive() throws Exception {
    CountDownLatch hookRan = new CountDownLatch(1);
    serve(
        endpoint().keepAlive(Duration.ofSeconds(2)),
        emitter -> {
          emitter.call().onCancel(hookRan::countDown);
          emitter.send(SseEvent.of("started"));
          new CountDownLatch(1).await();
        });
    RawSseClient c = RawSseClient.open(server.uri("/events/x"));
    c.awaitEvent(1);
    awaitWriterIdle();
    c.close();
    clock.advance(Duration.ofSeconds(2));
    assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
  }

  @Test
  void statusBeforeTheFirstEventAndABusySeamAsARetryStream() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve(
        endpoint(),
        emitter -> {
          switch (emitter.request().queryParameter("q").orElse("")) {
            case "gone" -> throw new SseStatusException(410, "job expired");
            case "done" -> throw new SseStatusException(204, "finished");
            case "hold" -> {
              emitter.open();
              release.await();
            }
            default -> throw new IllegalStateException("boom");
          }
        });
    // A failed producer's answer goes out from its worker just before the worker gives back the
    // seam's one permit (queue 0), so each request waits for that: else it could be refused.
    try (RawSseClient c = RawSseClient.open(server.uri("/events/s?q=gone"))) {
      assertThat(c.status).isEqualTo(410);
      assertThat(c.readToEnd()).contains("job expired");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/s?q=done"))) {
      assertThat(c.status).isEqualTo(204);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/s?q=boom"))) {
      assertThat(c.status).isEqualTo(500);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    try (RawSseClient held = RawSseClient.open(server.uri("/events/s?q=hold"));
        RawSseClient refused = RawSseClient.open(server.uri("/events/s?q=hold"))) {
      assertThat(held.status).isEqualTo(200);
      // one worker, so one stream at most: the second is refused with a retry hint
      assertThat(refused.status).isEqualTo(200);
      assertThat(refused.readToEnd()).contains(": server busy (ref ");
      assertThat(refused.parser().retry()).isBetween(5_000L, 7_500L);
      assertThat(refused.parser().events()).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void shutdownEndsOpenStreamsWithTheFarewellAndRetryHint() throws Exception {
    serve(
        endpoint().farewell(SseEvent.comment("restarting").retry(Duration.ofMillis(1500))),
        emitter -> {
          emitter.send(SseEvent.of("hello"));
          new CountDownLatch(1).await();
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/x"))) {
      c.awaitEvent(1);
      assertThat(CompletableFuture.runAsync(endpoint::close))
          .succeedsWithin(Duration.ofSeconds(10));
      assertThat(c.readToEnd()).endsWith(": restarting\nretry: 1500\n\n");
      assertThat(c.parser().retry()).isEqualTo(1500);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }
}
