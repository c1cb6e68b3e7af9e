package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.ManualClock;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A producer streamed through the servlet binding on a real Jetty 12, read by a raw client. */
@ExtendWith(SeamLeakCheck.class)
class ServletStreamTest {
  private final ManualClock clock = new ManualClock();
  private final Seam seam = Seam.builder("sse-servlet").maxConcurrency(4).build();
  private SseEndpoint endpoint;
  private TestServer server;

  private void serve(SseEndpointBuilder b, SseProducer producer) throws Exception {
    endpoint = b.build();
    server = TestServer.jetty(endpoint, producer);
  }

  private SseEndpointBuilder endpoint() {
    return SseEndpoint.builder(seam).clock(clock).keepAlive(Duration.ofSeconds(15));
  }

  /**
   * Waits until only the keep-alive tick is scheduled: no write (with its deadline guard) is in
   * flight, so advancing the clock cannot fire the guard of a write that just finished.
   */
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
  void eachEventIsFlushedAsSentWithTheEventStreamHeaders() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    serve(
        endpoint(),
        emitter -> {
          emitter.send(SseEvent.of("progress", "one").id(1));
          assertThat(firstRead.await(10, TimeUnit.SECONDS))
              .isTrue(); // held until the client saw it
          emitter.send(SseEvent.of("progress", "two\nlines").id(2));
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/job"))) {
      assertThat(c.status).isEqualTo(200);
      assertThat(c.header("Content-Type")).startsWith("text/event-stream");
      assertThat(c.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(c.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("progress", "one", "1"));
      firstRead.countDown();
      assertThat(c.awaitEvent(2))
          .isEqualTo(new SpecParser.Dispatched("progress", "two\nlines", "2"));
      c.readToEnd(); // the producer returned: the stream ends cleanly
      assertThat(c.parser().events()).hasSize(2);
    }
  }

  @Test
  void idleStreamGetsAKeepAliveCommentEachInterval() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve(
        endpoint(),
        emitter -> {
          emitter.send(SseEvent.of("hello"));
          release.await();
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/idle"))) {
      c.awaitEvent(1);
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15));
      c.awaitComments(1);
      awaitWriterIdle();
      clock.advance(Duration.ofSeconds(15));
      c.awaitComments(2);
      assertThat(c.parser().events()).hasSize(1); // keep-alives dispatch nothing
    } finally {
      release.countDown();
    }
  }

  @Test
  void disconnectCancelsTheProducerWithinOneKeepAliveAndFreesThePermit() throws Exception {
    CountDownLatch hookRan = new CountDownLatch(1);
    AtomicReference<Throwable> producerSaw = new AtomicReference<>();
    serve(
        endpoint(),
        emitter -> {
          emitter.call().onCancel(hookRan::countDown);
          emitter.send(SseEvent.of("started"));
          try {
            new CountDownLatch(1).await(); // blocking work that only an interrupt stops
          } catch (InterruptedException e) {
            producerSaw.set(e);
            throw e;
          }
        });
    RawSseClient c = RawSseClient.open(server.uri("/events/x"));
    c.awaitEvent(1);
    assertThat(seam.stats().running()).isEqualTo(1);
    awaitWriterIdle();
    c.close(); // the client goes away without a word
    clock.advance(Duration.ofSeconds(15)); // the first keep-alive after it finds the socket dead
    assertThat(hookRan.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> producerSaw.get() != null);
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
  }

  @Test
  void failureBeforeTheFirstEventIsARealHttpStatus() throws Exception {
    serve(
        endpoint(),
        emitter -> {
          String job = emitter.request().queryParameter("job").orElse("");
          switch (job) {
            case "missing" -> throw new SseStatusException(404, "no job 'missing'");
            case "done" -> throw new SseStatusException(204, "finished");
            default -> throw new IllegalStateException("db password=hunter2 rejected");
          }
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/j?job=missing"))) {
      assertThat(c.status).isEqualTo(404);
      assertThat(c.readToEnd()).contains("no job 'missing'");
    }
    try (RawSseClient c = RawSseClient.open(server.uri("/events/j?job=done"))) {
      assertThat(c.status).isEqualTo(204);
    }
    try (RawSseClient c = RawSseClient.open(server.uri("/events/j?job=boom"))) {
      assertThat(c.status).isEqualTo(500);
      assertThat(c.readToEnd()).contains("stream failed").doesNotContain("hunter2");
    }
  }

  @Test
  void producerFailureMidStreamSendsAFinalErrorEventWithoutTheStackTrace() throws Exception {
    serve(
        endpoint(),
        emitter -> {
          emitter.send(SseEvent.of("step", "1"));
          throw new IllegalStateException("secret detail");
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/f"))) {
      String body = c.readToEnd();
      assertThat(c.parser().events())
          .containsExactly(
              new SpecParser.Dispatched("step", "1", ""),
              new SpecParser.Dispatched("seam-error", "stream failed", "seam-error:1:"));
      assertThat(body).doesNotContain("secret").doesNotContain("Exception");
    }
  }

  @Test
  void errorEventPayloadIsConfigurable() throws Exception {
    serve(
        endpoint()
            .errorEvent(
                t -> SseEvent.of("failed", "{\"kind\":\"" + t.getClass().getSimpleName() + "\"}")),
        emitter -> {
          emitter.send(SseEvent.of("step", "1"));
          throw new java.util.concurrent.TimeoutException("downstream slow");
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/f2"))) {
      c.readToEnd();
      assertThat(c.parser().events())
          .last()
          .isEqualTo(
              new SpecParser.Dispatched(
                  "failed", "{\"kind\":\"TimeoutException\"}", "seam-error:1:"));
    }
  }

  @Test
  void openStreamCapAnswers503WithRetryAfterInTotalAndPerKeyWhenAskedTo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve(
        endpoint()
            .refusal(SseRefusal.STATUS_503)
            .maxStreams(3)
            .maxStreamsPerKey(1, r -> r.queryParameter("user").orElse("anon"))
            .retryAfter(Duration.ofSeconds(7)),
        emitter -> {
          emitter.open();
          release.await();
        });
    try (RawSseClient a = RawSseClient.open(server.uri("/events/s?user=a"));
        RawSseClient a2 = RawSseClient.open(server.uri("/events/s?user=a"));
        RawSseClient b = RawSseClient.open(server.uri("/events/s?user=b"));
        RawSseClient c = RawSseClient.open(server.uri("/events/s?user=c"));
        RawSseClient d = RawSseClient.open(server.uri("/events/s?user=d"))) {
      assertThat(a.status).isEqualTo(200);
      assertThat(a2.status).isEqualTo(503);
      assertThat(a2.header("Retry-After")).isEqualTo("7");
      assertThat(a2.readToEnd()).contains("server busy (ref ").doesNotContain("'a'");
      assertThat(b.status).isEqualTo(200);
      assertThat(c.status).isEqualTo(200);
      assertThat(d.status).isEqualTo(503);
      assertThat(d.readToEnd()).contains("server busy (ref ");
    } finally {
      release.countDown();
    }
  }

  @Test
  void lastEventIdReachesTheProducer() throws Exception {
    serve(
        endpoint(),
        emitter -> {
          long from = Long.parseLong(emitter.request().lastEventId().orElse("0"));
          for (long n = from + 1; n <= from + 2; n++) {
            emitter.send(SseEvent.of("n", Long.toString(n)).id(n));
          }
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/r"), "Last-Event-ID: 41")) {
      c.readToEnd();
      assertThat(c.parser().events())
          .extracting(SpecParser.Dispatched::data)
          .containsExactly("42", "43");
    }
  }

  @Test
  void publisherItemsAreStreamedAsEventsOneAtATime() throws Exception {
    serve(
        endpoint(),
        emitter -> {
          ListPublisher<Integer> rows = new ListPublisher<>(List.of(1, 2, 3, 4, 5));
          emitter.stream(rows, i -> SseEvent.of("row", "r" + i).id(i));
          assertThat(rows.maxOutstanding()).isEqualTo(1); // asked for one item at a time
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/p"))) {
      c.readToEnd();
      assertThat(c.parser().events())
          .extracting(SpecParser.Dispatched::data)
          .containsExactly("r1", "r2", "r3", "r4", "r5");
    }
  }

  @Test
  void shutdownSendsTheFarewellCancelsProducersAndRefusesNewStreams() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    serve(
        endpoint()
            .farewell(SseEvent.of("bye", "restarting").retry(Duration.ofSeconds(3)))
            .shutdownGrace(Duration.ofSeconds(5)),
        emitter -> {
          emitter.call().onCancel(cancelled::countDown);
          emitter.send(SseEvent.of("hello"));
          new CountDownLatch(1).await();
        });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/sd"))) {
      c.awaitEvent(1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(endpoint::close);
      assertThat(closing).succeedsWithin(Duration.ofSeconds(10));
      c.readToEnd();
      assertThat(c.parser().events())
          .containsExactly(
              new SpecParser.Dispatched("message", "hello", ""),
              new SpecParser.Dispatched("bye", "restarting", ""));
      assertThat(c.parser().retry()).isEqualTo(3000);
      assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }
    try (RawSseClient late = RawSseClient.open(server.uri("/events/sd"))) {
      assertThat(late.status).isEqualTo(200); // come back later, as a browser understands it
      assertThat(late.readToEnd()).contains(": server shutting down");
      assertThat(late.parser().retry()).isBetween(5_000L, 7_500L);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("seam-sse-sse-servlet-writer-"));
  }

  @Test
  void closingTheSeamEndsOpenStreamsWithTheFarewell() throws Exception {
    Seam own = Seam.builder("sse-own").shutdownGrace(Duration.ofMillis(100)).build();
    endpoint =
        SseEndpoint.builder(own)
            .clock(clock)
            .farewell(SseEvent.of("bye", "seam closed").retry(Duration.ofSeconds(1)))
            .build();
    server =
        TestServer.jetty(
            endpoint,
            emitter -> {
              emitter.send(SseEvent.of("hello"));
              new CountDownLatch(1).await();
            });
    try (RawSseClient c = RawSseClient.open(server.uri("/events/sc"))) {
      c.awaitEvent(1);
      own.close();
      c.readToEnd();
      assertThat(c.parser().events())
          .extracting(SpecParser.Dispatched::type)
          .containsExactly("message", "bye");
    }
  }

  @Test
  void manySmallEventsArriveCompleteAndInOrder() throws Exception {
    int n = 20_000;
    serve(
        endpoint(),
        emitter -> {
          for (int i = 1; i <= n; i++) {
            emitter.send(SseEvent.of("n", Integer.toString(i)).id(i));
          }
        });
    long start = System.nanoTime();
    try (RawSseClient c = RawSseClient.open(server.uri("/events/many"))) {
      c.readToEnd();
      long micros = (System.nanoTime() - start) / 1_000;
      org.slf4j.LoggerFactory.getLogger(ServletStreamTest.class)
          .info(
              "{} events over Jetty in {} ms ({} events/s, one flush each)",
              n,
              micros / 1_000,
              n * 1_000_000L / Math.max(1, micros));
      assertThat(c.parser().events()).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(c.parser().events().get(i).data()).isEqualTo(Integer.toString(i + 1));
      }
    }
  }

  @Test
  void endpointWithNoOpenStreamsClosesAtOnce() {
    SseEndpoint e = SseEndpoint.builder(seam).build();
    assertThat(e.openStreams()).isZero();
    e.close();
    assertThat(e.isClosed()).isTrue();
  }
}
