package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser.Dispatched;
import dev.seam.testing.SeamLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Each way Redis loses a client's history ends in one {@code resync}, never in the wrong events:
 * the stream's key deleted (as {@code DEL}, an expiry or a flush would) and written again, whose
 * new entries all come after the client's id; and the key lost with nothing written since. (A
 * trimmed id: {@code CrossReplicaTest.anIdOlderThanTheLogGetsOneResyncEventThenTheNewEvents}.)
 */
@ExtendWith(SeamLeakCheck.class)
class LossSignalTest {
  private static final String STREAM = "job";

  private final String prefix = "seam-test:loss:" + UUID.randomUUID() + ":";
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void redis() {
    RedisServer.assumeReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    RedisServer.deleteKeys(prefix + "*");
  }

  @Test
  void anIdOfAStreamWhoseKeyWasLostAndWrittenAgainGetsOneResync() throws Exception {
    Replica a = closing(new Replica("a", prefix, STREAM));
    Replica b = closing(new Replica("b", prefix, STREAM));
    List<String> old = send(a, 5);
    deleteKey(a);
    List<String> now = send(a, 3); // the new life's entries all come after the client's id
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + old.get(2))) {
      assertThat(client.awaitEvent(1)).isEqualTo(new Dispatched("resync", now.get(2), now.get(2)));
      String next = a.broadcaster(STREAM).send(SseEvent.of("live"));
      assertThat(client.awaitEvent(2)).isEqualTo(new Dispatched("message", "live", next));
    }
  }

  @Test
  void anIdOfAStreamWhoseKeyWasLostGetsOneResyncAndThenEverythingWrittenSince() throws Exception {
    Replica a = closing(new Replica("a", prefix, STREAM));
    Replica b = closing(new Replica("b", prefix, STREAM));
    List<String> old = send(a, 5);
    deleteKey(a);
    String resyncId;
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + old.get(4))) {
      Dispatched resync = client.awaitEvent(1);
      assertThat(resync.type()).isEqualTo("resync");
      resyncId = resync.lastEventId(); // nothing is held: the stream starts again from there
    }
    List<String> now = send(a, 2);
    try (RawSseClient client = b.subscribe(STREAM, "Last-Event-ID: " + resyncId)) {
      assertThat(client.awaitEvent(1)).isEqualTo(new Dispatched("message", "1", now.get(0)));
      assertThat(client.awaitEvent(2)).isEqualTo(new Dispatched("message", "2", now.get(1)));
    }
  }

  private static List<String> send(Replica r, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(r.broadcaster(STREAM).send(SseEvent.of(Integer.toString(i))));
    }
    return ids;
  }

  private static void deleteKey(Replica r) {
    try (Jedis admin = RedisServer.admin()) {
      assertThat(admin.del(r.log.key(STREAM))).isEqualTo(1);
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }
}
