package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp's EventSource, a client nobody here wrote, parses every kind of event we send, and sees a
 * capacity refusal as a clean end it can reconnect after. It ignores {@code retry:} and never
 * reconnects by itself, so the test reconnects on {@code onClosed} as its users do.
 */
@ExtendWith(SeamLeakCheck.class)
class OkHttpEventSourceTest {
  private final Seam seam = Seam.builder("sse-ok").build();
  private SseEndpoint endpoint;
  private TestServer server;
  private OkHttpClient client;

  private TestServer serve(String binding, SseProducer producer) throws Exception {
    return binding.equals("jetty")
        ? TestServer.jetty(endpoint, producer)
        : TestServer.jdk(endpoint, producer);
  }

  /** Opens an EventSource whose callbacks all land in {@code received}. */
  private EventSource open(String path, BlockingQueue<Object> received) {
    return EventSources.createFactory(client)
        .newEventSource(
            new Request.Builder().url(server.uri(path).toString()).build(),
            new EventSourceListener() {
              @Override
              public void onOpen(EventSource es, Response response) {
                received.add("open " + response.code() + " " + response.header("Content-Type"));
              }

              @Override
              public void onEvent(EventSource es, String id, String type, String data) {
                received.add(new Received(id, type, data));
              }

              @Override
              public void onClosed(EventSource es) {
                received.add("closed");
              }

              @Override
              public void onFailure(EventSource es, Throwable t, Response response) {
                received.add(
                    "failed "
                        + (response == null
                            ? t
                            : response.code() + " Retry-After " + response.header("Retry-After")));
              }
            });
  }

  private static Object next(BlockingQueue<Object> received) throws InterruptedException {
    Object next = received.poll(10, TimeUnit.SECONDS);
    assertThat(next).as("an EventSource callback within 10 s").isNotNull();
    return next;
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void aCapacityRefusalIsACleanCloseAndTheReconnectGetsTheStream(String binding) throws Exception {
    Seam one = Seam.builder("sse-ok-one").maxConcurrency(1).build();
    CountDownLatch release = new CountDownLatch(1);
    try {
      endpoint = SseEndpoint.builder(one).retryAfter(Duration.ofMillis(100)).build();
      server =
          serve(
              binding,
              emitter -> {
                if (emitter.request().queryParameter("hold").isPresent()) {
                  emitter.open();
                  release.await();
                } else {
                  emitter.send(SseEvent.of("welcome", "in").id(1));
                }
              });
      client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
      BlockingQueue<Object> held = new LinkedBlockingQueue<>();
      EventSource holder = open("/events/ok?hold", held);
      assertThat(next(held)).isEqualTo("open 200 text/event-stream;charset=UTF-8");
      BlockingQueue<Object> refused = new LinkedBlockingQueue<>();
      open("/events/ok", refused);
      assertThat(next(refused)).isEqualTo("open 200 text/event-stream;charset=UTF-8");
      assertThat(next(refused)).isEqualTo("closed"); // not onFailure: nothing to give up on
      holder.cancel();
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      BlockingQueue<Object> again = new LinkedBlockingQueue<>();
      open("/events/ok", again);
      assertThat(next(again)).isEqualTo("open 200 text/event-stream;charset=UTF-8");
      assertThat(next(again)).isEqualTo(new Received("1", "welcome", "in"));
      assertThat(next(again)).isEqualTo("closed");
    } finally {
      release.countDown();
      if (server != null) {
        server.close();
        server = null;
      }
      endpoint.close();
      one.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void theStatusOptionIsAFailureWithA503AndRetryAfter(String binding) throws Exception {
    endpoint = SseEndpoint.builder(seam).refusal(SseRefusal.STATUS_503).maxStreams(1).build();
    CountDownLatch release = new CountDownLatch(1);
    server =
        serve(
            binding,
            emitter -> {
              emitter.open();
              release.await();
            });
    client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    try {
      BlockingQueue<Object> held = new LinkedBlockingQueue<>();
      open("/events/ok", held);
      assertThat(next(held)).isEqualTo("open 200 text/event-stream;charset=UTF-8");
      BlockingQueue<Object> refused = new LinkedBlockingQueue<>();
      open("/events/ok", refused);
      assertThat(next(refused)).isEqualTo("failed 503 Retry-After 5");
    } finally {
      release.countDown();
    }
  }

  record Received(String id, String type, String data) {}

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
    if (server != null) {
      server.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    seam.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void okHttpEventSourceParsesMultiLineDataIdsRetryAndNames(String binding) throws Exception {
    endpoint = SseEndpoint.builder(seam).build();
    SseProducer producer =
        emitter -> {
          emitter.send(SseEvent.of("hello"));
          emitter.send(SseEvent.of("progress", "line 1\nline 2\r\nline 3\rline 4").id(7));
          emitter.send(SseEvent.comment("just a comment"));
          emitter.send(SseEvent.of("done", "zoë ✓").id("x-8").retry(Duration.ofSeconds(2)));
        };
    server =
        binding.equals("jetty")
            ? TestServer.jetty(endpoint, producer)
            : TestServer.jdk(endpoint, producer);
    client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    EventSource source =
        EventSources.createFactory(client)
            .newEventSource(
                new Request.Builder().url(server.uri("/events/ok").toString()).build(),
                new EventSourceListener() {
                  @Override
                  public void onEvent(EventSource es, String id, String type, String data) {
                    received.add(new Received(id, type, data));
                  }

                  @Override
                  public void onClosed(EventSource es) {
                    received.add("closed");
                  }

                  @Override
                  public void onFailure(EventSource es, Throwable t, Response response) {
                    received.add("failed: " + t + " " + response);
                  }
                });
    try {
      List<Object> all = new java.util.ArrayList<>();
      while (!all.contains("closed") && all.stream().noneMatch(o -> o.toString().startsWith("f"))) {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("events so far: %s", all).isNotNull();
        all.add(next);
      }
      assertThat(all)
          .containsExactly(
              new Received(null, null, "hello"),
              new Received("7", "progress", "line 1\nline 2\nline 3\nline 4"),
              new Received("x-8", "done", "zoë ✓"),
              "closed");
    } finally {
      source.cancel();
    }
  }
}
