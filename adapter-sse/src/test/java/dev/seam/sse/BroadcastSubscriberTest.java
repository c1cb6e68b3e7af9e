package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Clients served straight from a broadcaster cost a buffer each, never a seam worker. */
@ExtendWith(SeamLeakCheck.class)
class BroadcastSubscriberTest {
  private final Seam seam = Seam.builder("sse-sub").maxConcurrency(1).maxQueued(0).build();
  private SseEndpoint endpoint;
  private TestServer server;

  private void serve(String binding, SseEndpointBuilder b, SseBroadcaster broadcaster)
      throws Exception {
    endpoint = b.build();
    server =
        binding.equals("jetty")
            ? TestServer.jetty(endpoint, broadcaster)
            : TestServer.jdk(endpoint, broadcaster);
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

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "jdk"})
  void moreSubscribersThanSeamWorkersEachGetHeadersAtOnceAndEveryEvent(String binding)
      throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.create("news");
    serve(binding, SseEndpoint.builder(seam).maxStreams(10), broadcaster);
    List<RawSseClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        RawSseClient c = RawSseClient.open(server.uri("/events/news"));
        clients.add(c);
        assertThat(c.status).isEqualTo(200); // headers at once, before any event
        assertThat(c.header("Content-Type")).startsWith("text/event-stream");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 5);
      assertThat(seam.stats().submitted()).isZero(); // no producer, no worker, for any of them
      String id = broadcaster.send(SseEvent.of("headline", "one").id(1)); // the log's id wins
      for (RawSseClient c : clients) {
        assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("headline", "one", id));
      }
      broadcaster.close();
      for (RawSseClient c : clients) {
        c.readToEnd(); // closing the broadcaster ends every stream cleanly
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.openStreams() == 0);
      try (RawSseClient late = RawSseClient.open(server.uri("/events/news"))) {
        assertThat(late.status).isEqualTo(204); // over: an EventSource stops reconnecting
      }
    } finally {
      for (RawSseClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void aSubscriberThatLeavesIsDroppedAndItsSlotFreed() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.create("ticks");
    serve("jetty", SseEndpoint.builder(seam).maxStreams(2), broadcaster);
    try (RawSseClient stays = RawSseClient.open(server.uri("/events/t"))) {
      RawSseClient leaves = RawSseClient.open(server.uri("/events/t"));
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 2);
      leaves.close();
      int[] sent = {0};
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                broadcaster.send(SseEvent.of("tick", Integer.toString(++sent[0])));
                return broadcaster.subscribers() == 1 && endpoint.openStreams() == 1;
              });
      assertThat(stays.awaitEvent(sent[0]).data()).isEqualTo(Integer.toString(sent[0]));
      try (RawSseClient again = RawSseClient.open(server.uri("/events/t"))) {
        assertThat(again.status).isEqualTo(200); // the freed slot under maxStreams(2)
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 2);
      }
    }
  }

  @Test
  void aReconnectingSubscriberCatchesUpFromTheReplayLog() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("feed", 3);
    serve("jdk", SseEndpoint.builder(seam).maxStreams(4), broadcaster);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(broadcaster.send(SseEvent.of("n", "v" + i)));
    }
    try (RawSseClient c =
        RawSseClient.open(server.uri("/events/r"), "Last-Event-ID: " + ids.get(2))) {
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("n", "v4", ids.get(3)));
      assertThat(c.awaitEvent(2)).isEqualTo(new SpecParser.Dispatched("n", "v5", ids.get(4)));
      String sixth = broadcaster.send(SseEvent.of("n", "v6"));
      assertThat(c.awaitEvent(3)).isEqualTo(new SpecParser.Dispatched("n", "v6", sixth));
    }
  }

  @Test
  void endpointShutdownEndsSubscribersWithTheFarewell() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.create("bye");
    serve(
        "jetty",
        SseEndpoint.builder(seam)
            .maxStreams(4)
            .farewell(SseEvent.comment("restarting").retry(Duration.ofSeconds(2))),
        broadcaster);
    try (RawSseClient c = RawSseClient.open(server.uri("/events/b"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 1);
      assertThat(CompletableFuture.runAsync(endpoint::close))
          .succeedsWithin(Duration.ofSeconds(10));
      assertThat(c.readToEnd()).endsWith(": restarting\nretry: 2000\n\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 0);
    }
  }
}
