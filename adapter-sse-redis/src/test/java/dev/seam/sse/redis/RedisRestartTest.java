package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLogException;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/** Redis goes away and comes back: nothing acknowledged is lost, and the streams recover. */
@ExtendWith(SeamLeakCheck.class)
class RedisRestartTest {
  private final String prefix = "seam-test:" + UUID.randomUUID() + ":";
  private Replica a;
  private Replica b;

  @BeforeEach
  void redis() {
    RedisServer.assumeReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (Replica r : new Replica[] {b, a}) {
      if (r != null) {
        r.close();
      }
    }
    RedisServer.deleteKeys(prefix + "*");
  }

  @Test
  void acknowledgedEventsSurviveARestartProducersFailClearlyAndClientsResume() throws Exception {
    a = new Replica("a", x -> x.keyPrefix(prefix).timeout(Duration.ofSeconds(1)), "job");
    b = new Replica("b", x -> x.keyPrefix(prefix).timeout(Duration.ofSeconds(1)), "job");
    List<String> acknowledged = new ArrayList<>();
    String lastSeen;
    RedisServer.Restart restart;
    try (RawSseClient onB = b.subscribe("job")) {
      for (int i = 1; i <= 10; i++) {
        acknowledged.add(a.broadcaster("job").send(SseEvent.of("step " + i)));
      }
      lastSeen = onB.awaitEvent(10).lastEventId();
      restart = RedisServer.shutDown();
      try {
        // The producer is told at once that its event was not stored...
        assertThatThrownBy(() -> a.broadcaster("job").send(SseEvent.of("lost")))
            .isInstanceOf(SseEventLogException.class)
            .hasMessageContaining("stream 'job'")
            .hasMessageContaining(a.log.key("job"));
        // ...the open stream ends with a retry hint, so its client comes back with its id...
        onB.readToEnd();
        assertThat(onB.parser().retry()).isPositive();
        assertThat(onB.parser().events()).hasSize(10);
        // ...and a client that comes back while Redis is away is asked to come back later.
        try (RawSseClient early = b.subscribe("job", "Last-Event-ID: " + lastSeen)) {
          assertThat(early.status).isEqualTo(200);
          early.readToEnd();
          assertThat(early.parser().retry()).isPositive();
          assertThat(early.parser().events()).isEmpty();
        }
      } finally {
        restart.start();
      }
    }
    for (int i = 11; i <= 20; i++) {
      acknowledged.add(a.broadcaster("job").send(SseEvent.of("step " + i)));
    }
    try (RawSseClient back = b.subscribe("job", "Last-Event-ID: " + lastSeen)) {
      back.awaitEvent(10);
      assertThat(back.parser().events())
          .extracting(Dispatched::lastEventId)
          .containsExactlyElementsOf(acknowledged.subList(10, 20));
    }
    try (Jedis admin = RedisServer.admin()) {
      List<StreamEntry> kept = admin.xrange(a.log.key("job"), "-", "+");
      assertThat(kept)
          .extracting(e -> e.getID().toString())
          .containsExactlyElementsOf(acknowledged);
    }
  }
}
