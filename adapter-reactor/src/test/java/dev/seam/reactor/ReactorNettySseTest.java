package dev.seam.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.CallOptions;
import dev.seam.Seam;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A blocking producer served as {@code text/event-stream} by a Reactor Netty server on loopback,
 * read by a spec-following client: ids and order, keep-alive comments, resume after {@code
 * Last-Event-ID}, and a client that goes away cancels the producer.
 */
class ReactorNettySseTest {
  private static final Duration KEEP_ALIVE = Duration.ofMillis(100);

  /** The test's producer: given the id after which to resume, emits step numbers. */
  @FunctionalInterface
  interface Steps {
    void produce(long after, BlockingProducer.Emitter<Long> emitter) throws Exception;
  }

  private final Seam seam = Seam.builder("sse-reactor-test").maxConcurrency(2).build();
  private volatile Steps steps;
  private DisposableServer server;

  @BeforeEach
  void start() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/progress",
                        (request, response) -> {
                          String last = request.requestHeaders().get("Last-Event-ID");
                          long after = last == null ? 0 : Long.parseLong(last.strip());
                          Flux<Long> items =
                              SeamReactor.produce(
                                  seam,
                                  CallOptions.timeout(Duration.ofMinutes(5)),
                                  SeamReactor.DEFAULT_PRODUCER_BUFFER,
                                  emitter -> steps.produce(after, emitter));
                          Flux<String> body =
                              withKeepAlive(
                                  items.map(n -> "id: " + n + "\ndata: step " + n + "\n\n"));
                          return response
                              .header("Content-Type", "text/event-stream; charset=utf-8")
                              .header("Cache-Control", "no-cache")
                              .send(
                                  body.map(
                                      s ->
                                          Unpooled.wrappedBuffer(
                                              s.getBytes(StandardCharsets.UTF_8))),
                                  buffer -> true); // flush every event and comment
                        }))
            .bindNow();
  }

  /** Comments every {@link #KEEP_ALIVE} until the events end. */
  private static Flux<String> withKeepAlive(Flux<String> events) {
    return events.publish(
        shared ->
            Flux.merge(
                shared,
                Flux.interval(KEEP_ALIVE)
                    .map(tick -> ": keep-alive\n\n")
                    .takeUntilOther(shared.then())));
  }

  @AfterEach
  void stop() {
    server.disposeNow();
    seam.close();
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/progress");
  }

  @Test
  void eventsArriveInOrderWithTheirIds() throws Exception {
    steps =
        (after, emitter) -> {
          for (long n = after + 1; n <= 20; n++) {
            emitter.emit(n);
          }
        };

    try (SseLineClient client = SseLineClient.connect(uri(), null)) {
      assertThat(client.connection.getResponseCode()).isEqualTo(200);
      assertThat(client.connection.getContentType()).startsWith("text/event-stream");
      List<SseLineClient.Message> events = client.events(100);

      assertThat(events).extracting(SseLineClient.Message::id).hasSize(20).startsWith("1", "2");
      for (int i = 0; i < 20; i++) {
        assertThat(events.get(i).id()).isEqualTo(String.valueOf(i + 1));
        assertThat(events.get(i).data()).isEqualTo("step " + (i + 1));
      }
      assertThat(client.next()).as("the stream ends when the producer returns").isNull();
    }
  }

  @Test
  void keepAliveCommentsFlowWhileTheProducerIsIdle() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    steps =
        (after, emitter) -> {
          release.await();
          emitter.emit(1L);
        };

    try (SseLineClient client = SseLineClient.connect(uri(), null)) {
      SseLineClient.Message first = client.next();
      SseLineClient.Message second = client.next();
      release.countDown();

      assertThat(first.comment()).isEqualTo("keep-alive");
      assertThat(second.comment()).isEqualTo("keep-alive");
      assertThat(client.events(1)).extracting(SseLineClient.Message::id).containsExactly("1");
    }
  }

  @Test
  void aClientThatGoesAwayCancelsTheProducer() throws Exception {
    CountDownLatch hookRan = new CountDownLatch(1);
    AtomicReference<Exception> stoppedBy = new AtomicReference<>();
    AtomicBoolean returned = new AtomicBoolean();
    steps =
        (after, emitter) -> {
          emitter.call().onCancel(hookRan::countDown);
          try {
            for (long n = after + 1; ; n++) {
              emitter.emit(n);
            }
          } catch (InterruptedException | CancellationException e) {
            stoppedBy.set(e); // waiting for room: interrupted; between two emits: cancelled
          } finally {
            returned.set(true);
          }
        };

    try (SseLineClient client = SseLineClient.connect(uri(), null)) {
      assertThat(client.events(3))
          .extracting(SseLineClient.Message::id)
          .containsExactly("1", "2", "3");
      assertThat(seam.stats().running()).isEqualTo(1);
    }

    assertThat(hookRan.await(10, TimeUnit.SECONDS)).as("cancel hook ran").isTrue();
    await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    assertThat(stoppedBy.get())
        .as("the producer saw the cancel")
        .isInstanceOfAny(InterruptedException.class, CancellationException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }

  @Test
  void aReconnectResumesAfterTheLastEventId() throws Exception {
    steps =
        (after, emitter) -> {
          for (long n = after + 1; ; n++) {
            emitter.emit(n);
          }
        };

    String lastSeen;
    try (SseLineClient first = SseLineClient.connect(uri(), null)) {
      assertThat(first.events(3))
          .extracting(SseLineClient.Message::id)
          .containsExactly("1", "2", "3");
      lastSeen = first.lastEventId();
    }
    try (SseLineClient again = SseLineClient.connect(uri(), lastSeen)) {
      assertThat(again.events(3))
          .extracting(SseLineClient.Message::id)
          .containsExactly("4", "5", "6");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }
}
