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

/** Three replicas sharing one Redis: every subscriber, on any replica, sees one stream. */
@ExtendWith(SeamLeakCheck.class)
class CrossReplicaTest {
  private final String prefix = "seam-test:" + UUID.randomUUID() + ":";
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

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private Replica replica(String name, String... streams) throws Exception {
    return closing(new Replica(name, prefix, streams));
  }

  @Test
  void eventsSentOnOneReplicaReachSubscribersOnTheOthersInOrder() throws Exception {
    Replica a = replica("a", "job-1");
    Replica b = replica("b", "job-1");
    Replica c = replica("c", "job-1");
    List<RawSseClient> clients = new ArrayList<>();
    for (Replica r : List.of(b, b, c, c)) {
      RawSseClient client = closing(r.subscribe("job-1")); // headers: it is following already
      assertThat(client.status).isEqualTo(200);
      clients.add(client);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      ids.add(a.broadcaster("job-1").send(SseEvent.of("progress", "step " + i)));
    }
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
    for (RawSseClient client : clients) {
      client.awaitEvent(50);
      List<Dispatched> got = client.parser().events();
      assertThat(got).hasSize(50);
      for (int i = 0; i < 50; i++) {
        assertThat(got.get(i)).isEqualTo(new Dispatched("progress", "step " + (i + 1), ids.get(i)));
      }
    }
  }

  @Test
  void aClientCutOnOneReplicaResumesOnAnotherWithNoGapAndNoDuplicate() throws Exception {
    Replica a = replica("a", "job-2");
    Replica b = replica("b", "job-2");
    Replica c = replica("c", "job-2");
    List<String> ids = new ArrayList<>();
    String lastSeen;
    try (RawSseClient onB = b.subscribe("job-2")) {
      for (int i = 1; i <= 20; i++) {
        ids.add(a.broadcaster("job-2").send(SseEvent.of("step " + i)));
      }
      lastSeen = onB.awaitEvent(10).lastEventId(); // the client is cut after its tenth event
    }
    assertThat(lastSeen).isEqualTo(ids.get(9));
    for (int i = 21; i <= 40; i++) {
      ids.add(a.broadcaster("job-2").send(SseEvent.of("step " + i)));
    }
    try (RawSseClient onC = c.subscribe("job-2", "Last-Event-ID: " + lastSeen)) {
      for (int i = 41; i <= 45; i++) { // and some that arrive live after the catch-up
        ids.add(a.broadcaster("job-2").send(SseEvent.of("step " + i)));
      }
      onC.awaitEvent(35);
      List<Dispatched> got = onC.parser().events();
      assertThat(got)
          .extracting(Dispatched::data)
          .containsExactlyElementsOf(range("step ", 11, 45));
      assertThat(got)
          .extracting(Dispatched::lastEventId)
          .containsExactlyElementsOf(ids.subList(10, 45));
    }
  }

  @Test
  void aJobStoppedWithItsReplicaIsResumedOnAnotherAndSubscribersSeeOneStream() throws Exception {
    Replica a = replica("a", "job-3");
    Replica b = replica("b", "job-3");
    Replica c = replica("c", "job-3");
    try (RawSseClient watcher = c.subscribe("job-3")) {
      for (int step = 1; step <= 5; step++) {
        a.broadcaster("job-3").send(SseEvent.of("progress", Integer.toString(step)));
      }
      a.close(); // the replica running the job goes away after step 5
      // The documented pattern: whoever takes the job over reads its last event from the log and
      // continues after it, under the same stream name.
      SseEvent last = b.log.latest("job-3").get().orElseThrow();
      int resumeAt = Integer.parseInt(last.data()) + 1;
      for (int step = resumeAt; step <= 10; step++) {
        b.broadcaster("job-3").send(SseEvent.of("progress", Integer.toString(step)));
      }
      watcher.awaitEvent(10);
      assertThat(watcher.parser().events())
          .extracting(Dispatched::data)
          .containsExactlyElementsOf(range("", 1, 10));
    }
  }

  @Test
  void anIdOlderThanTheLogGetsOneResyncEventThenTheNewEvents() throws Exception {
    Replica a = closing(new Replica("a", x -> x.keyPrefix(prefix).maxLength(10), "job-4"));
    Replica b = closing(new Replica("b", x -> x.keyPrefix(prefix).maxLength(10), "job-4"));
    String first = a.broadcaster("job-4").send(SseEvent.of("step 1"));
    String latest = first;
    for (int i = 2; i <= 500; i++) { // MAXLEN ~ trims in whole nodes of 100 entries
      latest = a.broadcaster("job-4").send(SseEvent.of("step " + i));
    }
    try (Jedisish redis = new Jedisish()) {
      assertThat(redis.length(a.log.key("job-4"))).isLessThan(200);
    }
    for (String stale : List.of(first, "not-an-id", "99999999999999-0")) {
      try (RawSseClient client = b.subscribe("job-4", "Last-Event-ID: " + stale)) {
        String next = a.broadcaster("job-4").send(SseEvent.of("after resync"));
        client.awaitEvent(2);
        List<Dispatched> got = client.parser().events();
        assertThat(got.get(0)).isEqualTo(new Dispatched("resync", latest, latest));
        assertThat(got.get(1)).isEqualTo(new Dispatched("message", "after resync", next));
        latest = next;
      }
    }
  }

  @Test
  void aClientWithTheNewestIdOfAnIdleStreamMissesNothingAndGetsNoResync() throws Exception {
    Replica a = replica("a", "job-5");
    Replica b = replica("b", "job-5");
    String id = a.broadcaster("job-5").send(SseEvent.of("only"));
    try (RawSseClient client = b.subscribe("job-5", "Last-Event-ID: " + id)) {
      String next = a.broadcaster("job-5").send(SseEvent.of("next"));
      assertThat(client.awaitEvent(1)).isEqualTo(new Dispatched("message", "next", next));
    }
  }

  private static List<String> range(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  /** The test's own look at a stream in Redis. */
  private static final class Jedisish implements AutoCloseable {
    private final redis.clients.jedis.Jedis jedis = RedisServer.admin();

    long length(String key) {
      return jedis.xlen(key);
    }

    @Override
    public void close() {
      jedis.close();
    }
  }
}
