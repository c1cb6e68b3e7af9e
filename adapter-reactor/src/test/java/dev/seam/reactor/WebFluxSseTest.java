package dev.seam.reactor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@link SeamServerSentEvents} served by Spring WebFlux (a {@code RouterFunction} on Reactor Netty)
 * on loopback, read by a spec-following client: ids and order, keep-alive comments, a reconnect
 * with {@code Last-Event-ID} that the producer resumes after, and a client that goes away cancels
 * the producer's call, whose hook reaches the resource it waits on.
 */
class WebFluxSseTest {
  private final Seam seam = Seam.builder("webflux-sse-test").maxConcurrency(2).build();
  private DisposableServer server;

  /** Serves {@code producer} at {@code /progress} through {@code sse}. */
  private URI serve(SeamServerSentEvents sse, SeamServerSentEvents.Producer<String> producer) {
    RouterFunction<ServerResponse> routes =
        RouterFunctions.route(
            RequestPredicates.GET("/progress"),
            request ->
                ServerResponse.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .header("Cache-Control", "no-cache")
                    .body(
                        BodyInserters.fromServerSentEvents(
                            sse.stream(request.headers().firstHeader("Last-Event-ID"), producer))));
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes)))
            .bindNow();
    return URI.create("http://127.0.0.1:" + server.port() + "/progress");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.disposeNow();
    }
    seam.close();
  }

  private static ServerSentEvent<String> step(long n) {
    return ServerSentEvent.builder("step " + n).id(Long.toString(n)).build();
  }

  @Test
  void eventsArriveInOrderWithTheirIdsAndTheStreamEndsWhenTheProducerReturns() throws Exception {
    URI uri =
        serve(
            SeamServerSentEvents.builder(seam).build(),
            emitter -> {
              for (long n = 1; n <= 20; n++) {
                emitter.emit(step(n));
              }
            });

    try (SseLineClient client = SseLineClient.connect(uri, null)) {
      assertThat(client.connection.getResponseCode()).isEqualTo(200);
      assertThat(client.connection.getContentType()).startsWith("text/event-stream");
      List<SseLineClient.Message> events = client.events(100);

      assertThat(events).hasSize(20);
      for (int i = 0; i < 20; i++) {
        assertThat(events.get(i).id()).isEqualTo(String.valueOf(i + 1));
        assertThat(events.get(i).data()).isEqualTo("step " + (i + 1));
      }
      assertThat(client.next()).as("the stream ends when the producer returns").isNull();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }

  @Test
  void keepAliveCommentsFlowWhileTheProducerIsIdle() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    URI uri =
        serve(
            SeamServerSentEvents.builder(seam).keepAlive(Duration.ofMillis(100)).build(),
            emitter -> {
              release.await(); // idle: only the timer writes
              emitter.emit(step(1));
            });

    try (SseLineClient client = SseLineClient.connect(uri, null)) {
      SseLineClient.Message first = client.next();
      SseLineClient.Message second = client.next();
      release.countDown();

      assertThat(first.comment()).isEqualTo(SeamServerSentEvents.KEEP_ALIVE_COMMENT);
      assertThat(second.comment()).isEqualTo(SeamServerSentEvents.KEEP_ALIVE_COMMENT);
      assertThat(client.events(1)).extracting(SseLineClient.Message::id).containsExactly("1");
      assertThat(client.events(1)).as("no comment after the producer returned").isEmpty();
    }
  }

  @Test
  void aClientThatGoesAwayCancelsTheProducerAndReachesItsResource() throws Exception {
    CountDownLatch resource = new CountDownLatch(1); // stands for a socket or statement
    AtomicBoolean released = new AtomicBoolean();
    AtomicBoolean returned = new AtomicBoolean();
    URI uri =
        serve(
            SeamServerSentEvents.builder(seam).build(), // keep-alive at its default: 15 s
            emitter -> {
              emitter
                  .call()
                  .onCancel(
                      () -> {
                        released.set(true);
                        resource.countDown();
                      });
              try {
                for (long n = 1; n <= 3; n++) {
                  emitter.emit(step(n));
                }
                resource.await(); // blocked in the resource, not in emit
              } finally {
                returned.set(true);
              }
            });

    try (SseLineClient client = SseLineClient.connect(uri, null)) {
      assertThat(client.events(3))
          .extracting(SseLineClient.Message::id)
          .containsExactly("1", "2", "3");
      assertThat(seam.stats().running()).isEqualTo(1);
    }

    // Well within one keep-alive interval: the closed connection alone cancels the stream.
    await().atMost(Duration.ofSeconds(10)).untilTrue(released);
    await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    assertThat(seam.stats().ended()).as("a stream its client left is ended").isEqualTo(1);
    assertThat(seam.stats().cancelled() + seam.stats().failed()).isZero();
  }

  @Test
  void aReconnectWithLastEventIdResumesAfterIt() throws Exception {
    List<Optional<String>> seen = new CopyOnWriteArrayList<>();
    URI uri =
        serve(
            SeamServerSentEvents.builder(seam).build(),
            emitter -> {
              seen.add(emitter.lastEventId());
              long after = emitter.lastEventId().map(Long::parseLong).orElse(0L);
              for (long n = after + 1; ; n++) {
                emitter.emit(step(n));
              }
            });

    String lastSeen;
    try (SseLineClient first = SseLineClient.connect(uri, null)) {
      assertThat(first.events(3))
          .extracting(SseLineClient.Message::id)
          .containsExactly("1", "2", "3");
      lastSeen = first.lastEventId();
    }
    try (SseLineClient again = SseLineClient.connect(uri, lastSeen)) {
      assertThat(again.events(3))
          .extracting(SseLineClient.Message::id, SseLineClient.Message::data)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("4", "step 4"),
              org.assertj.core.groups.Tuple.tuple("5", "step 5"),
              org.assertj.core.groups.Tuple.tuple("6", "step 6"));
    }
    assertThat(seen).containsExactly(Optional.empty(), Optional.of("3"));
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
  }

  @Test
  void aFullSeamAnswersWithARetryHintThatABrowserFollows() throws Exception {
    Seam one = Seam.builder("webflux-sse-full").maxConcurrency(1).maxQueued(0).build();
    CountDownLatch release = new CountDownLatch(1);
    try {
      URI uri =
          serve(
              SeamServerSentEvents.builder(one).build(),
              emitter -> {
                emitter.emit(step(1));
                release.await(TimeUnit.SECONDS.toMillis(30), TimeUnit.MILLISECONDS);
              });
      try (SseLineClient busy = SseLineClient.connect(uri, null)) {
        assertThat(busy.events(1)).extracting(SseLineClient.Message::id).containsExactly("1");

        java.net.HttpURLConnection refused =
            (java.net.HttpURLConnection) uri.toURL().openConnection();
        refused.setReadTimeout(10_000);
        // Any status but 200 makes an EventSource stop for good; the hint makes it come back.
        assertThat(refused.getResponseCode()).isEqualTo(200);
        assertThat(refused.getContentType()).startsWith("text/event-stream");
        String body = new String(refused.getInputStream().readAllBytes(), UTF_8);
        assertThat(body).contains(":come back later").doesNotContain("data:");
        long retry =
            Long.parseLong(
                body.lines()
                    .filter(l -> l.startsWith("retry:"))
                    .findFirst()
                    .orElseThrow()
                    .substring("retry:".length())
                    .trim());
        assertThat(retry).as("5 s plus up to half again").isBetween(5_000L, 7_500L);
        refused.disconnect();
      }
    } finally {
      release.countDown();
      one.close();
    }
  }

  @Test
  void theStreamTimeoutEndsTheResponseCleanlyAndCountsAsEnded() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    URI uri =
        serve(
            SeamServerSentEvents.builder(seam).streamTimeout(Duration.ofMillis(300)).build(),
            emitter -> {
              emitter.emit(step(1));
              never.await(); // a job with more to say; the deadline interrupts it
            });

    try (SseLineClient client = SseLineClient.connect(uri, null)) {
      assertThat(client.events(1)).extracting(SseLineClient.Message::id).containsExactly("1");
      // A clean end of the chunked body (null), not a connection aborted mid-stream (IOException),
      // so the client reconnects with id 1 as after any normal end.
      assertThat(client.next()).isNull();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seam.stats().running() == 0);
    assertThat(seam.stats().ended()).isEqualTo(1);
    assertThat(seam.stats().timedOut()).isZero();
  }

  @Test
  void builderNamesTheBadValue() {
    SeamServerSentEvents.Builder builder = SeamServerSentEvents.builder(seam);

    assertThatThrownBy(() -> builder.keepAlive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAlive <= 0: PT0S");
    assertThatThrownBy(() -> builder.streamTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("streamTimeout <= 0: PT-1S");
    assertThatThrownBy(() -> builder.buffer(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buffer < 1: 0");
    assertThatThrownBy(() -> builder.retryAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryAfter <= 0: PT0S");
  }
}
