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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each way the in-memory log loses a client's history ends in one {@code resync}, never in the
 * wrong events: the id was trimmed, or it belongs to an earlier life of the stream (the process
 * restarted, the broadcaster was created again), even when its number is inside the new life's
 * range. Real HTTP on Jetty, a spec-following client.
 */
@ExtendWith(SeamLeakCheck.class)
class LossSignalTest {
  private final Seam seam = Seam.builder("sse-loss").maxConcurrency(2).build();
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
  void anIdOfAnEarlierLifeOfTheStreamGetsOneResyncEvenWhenItsNumberIsInRange() throws Exception {
    SseBroadcaster before = SseBroadcaster.withReplay("job-7", 100);
    List<String> old = send(before, 5);
    before.close();
    SseBroadcaster again = SseBroadcaster.withReplay("job-7", 100); // after a restart
    List<String> now = send(again, 10);
    endpoint = SseEndpoint.builder(seam).build();
    server = TestServer.jetty(endpoint, again);
    try (RawSseClient c =
        RawSseClient.open(server.uri("/events/job-7"), "Last-Event-ID: " + old.get(2))) {
      assertThat(c.awaitEvent(1))
          .isEqualTo(new SpecParser.Dispatched("resync", now.get(9), now.get(9)));
      await().atMost(Duration.ofSeconds(10)).until(() -> again.subscribers() == 1);
      String next = again.send(SseEvent.of("tick", "11"));
      assertThat(c.awaitEvent(2)).isEqualTo(new SpecParser.Dispatched("tick", "11", next));
    }
  }

  @Test
  void anIdTheLogHasTrimmedGetsOneResync() throws Exception {
    SseBroadcaster broadcaster = SseBroadcaster.withReplay("job-8", 3);
    List<String> ids = send(broadcaster, 6); // the log keeps 4, 5, 6
    endpoint = SseEndpoint.builder(seam).build();
    server = TestServer.jetty(endpoint, broadcaster);
    try (RawSseClient c =
        RawSseClient.open(server.uri("/events/job-8"), "Last-Event-ID: " + ids.get(1))) {
      assertThat(c.awaitEvent(1))
          .isEqualTo(new SpecParser.Dispatched("resync", ids.get(5), ids.get(5)));
    }
    try (RawSseClient c = // the oldest it still can serve: 3, then 4, 5, 6
        RawSseClient.open(server.uri("/events/job-8"), "Last-Event-ID: " + ids.get(2))) {
      assertThat(c.awaitEvent(1).lastEventId()).isEqualTo(ids.get(3));
      assertThat(c.awaitEvent(3).lastEventId()).isEqualTo(ids.get(5));
      assertThat(c.parser().events()).extracting(SpecParser.Dispatched::type).containsOnly("tick");
    }
  }

  private static List<String> send(SseBroadcaster broadcaster, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(broadcaster.send(SseEvent.of("tick", Integer.toString(i))));
    }
    return ids;
  }
}
