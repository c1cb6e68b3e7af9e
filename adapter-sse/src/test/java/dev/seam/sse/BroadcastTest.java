package dev.seam.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.Seam;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One producer, many subscribers over Jetty: independent buffers, replay and resync. */
@ExtendWith(SeamLeakCheck.class)
class BroadcastTest {
  private final Seam seam = Seam.builder("sse-bc").maxConcurrency(8).build();
  private SseEndpoint endpoint;
  private TestServer server;

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
  void aSlowSubscriberIsDroppedWithoutHoldingUpTheSenderOrTheOthers() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.create("job");
    endpoint = SseEndpoint.builder(seam).bufferCapacity(8).build(); // BLOCK acts as DISCONNECT
    server = TestServer.jetty(endpoint, broadcaster::join);
    int events = 300;
    String payload = "y".repeat(64 * 1024);
    try (RawSseClient slow = RawSseClient.open(server.uri("/events/b"), 4096);
        RawSseClient fast = RawSseClient.open(server.uri("/events/b"))) {
      assertThat(slow.status).isEqualTo(200);
      assertThat(fast.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 2);
      Semaphore received = new Semaphore(0);
      CompletableFuture<Void> reader =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 1; i <= events; i++) {
                    fast.awaitEvent(i);
                    received.release();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      for (int i = 1; i <= events; i++) {
        broadcaster.send(SseEvent.of("tick", i + ":" + payload));
        // pace the sender to the fast reader, so only the slow one can fall behind
        assertThat(received.tryAcquire(10, TimeUnit.SECONDS)).as("event %d", i).isTrue();
      }
      assertThat(reader).succeedsWithin(Duration.ofSeconds(10));
      assertThat(fast.parser().events()).hasSize(events);
      assertThat(broadcaster.subscribers()).isEqualTo(1); // the slow one was dropped
      broadcaster.close();
      fast.readToEnd(); // closing the broadcaster ends the stream cleanly
    }
  }

  @Test
  void aSlowSubscriberOfALoggedBroadcastCatchesUpFromTheLogOnItsOwnConnection() throws Exception {
    // At the defaults (a 64-event buffer): the slow client's buffer overflows many times over,
    // and instead of being dropped (and reconnecting, as a whole replica's clients would after a
    // burst) it is fed from the log as its writer drains, on the connection it has.
    int events = 400;
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("job", events);
    endpoint = SseEndpoint.builder(seam).build();
    server = TestServer.jetty(endpoint, broadcaster);
    String payload = "y".repeat(16 * 1024);
    try (RawSseClient slow = RawSseClient.open(server.uri("/events/b"), 4096);
        RawSseClient fast = RawSseClient.open(server.uri("/events/b"))) {
      assertThat(slow.status).isEqualTo(200);
      assertThat(fast.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() == 2);
      for (int i = 1; i <= events; i++) {
        broadcaster.send(SseEvent.of("tick", i + ":" + payload));
        fast.awaitEvent(i); // paced to the fast reader, so only the slow one falls behind
      }
      assertThat(broadcaster.subscribers()).as("nobody was dropped").isEqualTo(2);

      for (int i = 1; i <= events; i++) {
        assertThat(slow.awaitEvent(i).data()).as("event %d", i).startsWith(i + ":");
      }
      assertThat(slow.parser().events()).hasSize(events);
      broadcaster.close();
      slow.readToEnd();
      fast.readToEnd();
      assertThat(slow.parser().events()).as("no duplicate after the catch-up").hasSize(events);
    }
  }

  @Test
  void reconnectingClientCatchesUpFromTheReplayLogOrGetsOneResync() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("feed", 3);
    endpoint = SseEndpoint.builder(seam).build();
    server = TestServer.jetty(endpoint, broadcaster::join);
    String epoch = "";
    for (int i = 1; i <= 5; i++) { // ids <epoch>-1..5; the log keeps 3, 4, 5
      String id = broadcaster.send(SseEvent.of("n", "v" + i));
      epoch = id.substring(0, id.indexOf('-') + 1);
    }
    // A plain number, as ids were before they carried the epoch, is read as this epoch's.
    try (RawSseClient c = RawSseClient.open(server.uri("/events/r"), "Last-Event-ID: 3")) {
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("n", "v4", epoch + "4"));
      assertThat(c.awaitEvent(2)).isEqualTo(new SpecParser.Dispatched("n", "v5", epoch + "5"));
      assertThat(broadcaster.send(SseEvent.of("n", "v6"))).isEqualTo(epoch + "6");
      assertThat(c.awaitEvent(3)).isEqualTo(new SpecParser.Dispatched("n", "v6", epoch + "6"));
    }
    try (RawSseClient c =
        RawSseClient.open(server.uri("/events/r"), "Last-Event-ID: " + epoch + "1")) {
      assertThat(c.awaitEvent(1))
          .isEqualTo(new SpecParser.Dispatched("resync", epoch + "6", epoch + "6"));
      broadcaster.send(SseEvent.of("n", "v7"));
      assertThat(c.awaitEvent(2)).isEqualTo(new SpecParser.Dispatched("n", "v7", epoch + "7"));
    }
    try (RawSseClient c = RawSseClient.open(server.uri("/events/r"), "Last-Event-ID: junk")) {
      assertThat(c.awaitEvent(1).type()).isEqualTo("resync");
    }
    try (RawSseClient c = RawSseClient.open(server.uri("/events/r"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> broadcaster.subscribers() >= 1);
      broadcaster.send(SseEvent.of("n", "v8"));
      assertThat(c.awaitEvent(1)).isEqualTo(new SpecParser.Dispatched("n", "v8", epoch + "8"));
      broadcaster.close();
      c.readToEnd();
      assertThat(c.parser().events()).hasSize(1); // a first connection gets no backlog
    }
  }
}
