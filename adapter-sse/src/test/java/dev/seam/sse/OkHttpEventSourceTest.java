package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.Seam;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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

/** OkHttp's EventSource, a client nobody here wrote, parses every kind of event we send. */
@ExtendWith(SeamLeakCheck.class)
class OkHttpEventSourceTest {
  private final Seam seam = Seam.builder("sse-ok").build();
  private SseEndpoint endpoint;
  private TestServer server;
  private OkHttpClient client;

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
