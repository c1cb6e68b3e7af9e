package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.sse.SseEvent;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * What the log costs Redis, counted by the server itself ({@code INFO commandstats}): one XADD per
 * event, one XREAD loop per replica whatever its number of subscribers, nothing per event for a
 * stream nobody watches, one XRANGE per resuming client.
 */
@ExtendWith(SeamLeakCheck.class)
class CommandCostTest {
  // Fewer than a subscriber's buffer holds (64 by default), sent at once: a subscriber that fell
  // behind would catch up with a read of the log of its own, and what is counted here is the live
  // path.
  private static final int EVENTS = 60;
  private static final int SUBSCRIBERS_PER_REPLICA = 20;

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

  private Replica replica(String name) throws Exception {
    // A long block: the count must not depend on how long the test takes.
    Replica r =
        new Replica(
            name, x -> x.keyPrefix(prefix).readBlock(Duration.ofMinutes(1)), "watched", "idle");
    toClose.add(r);
    return r;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
    return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
  }

  @Test
  void eventsCostOneXaddEachAndLiveDeliveryOneReadPerReplicaNotPerSubscriber() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    Replica c = replica("c");
    List<RawSseClient> clients = new ArrayList<>();
    for (Replica r : List.of(b, c)) {
      for (int i = 0; i < SUBSCRIBERS_PER_REPLICA; i++) {
        RawSseClient client = r.subscribe("watched");
        toClose.add(client);
        clients.add(client);
      }
    }
    resetStats();
    Map<String, Long> before = RedisServer.commandCalls();
    String last = null;
    for (int i = 1; i <= EVENTS; i++) {
      last = a.broadcaster("watched").send(SseEvent.of("e" + i));
    }
    for (RawSseClient client : clients) {
      assertThat(client.awaitEvent(EVENTS).lastEventId()).isEqualTo(last);
    }
    Map<String, Long> after = RedisServer.commandCalls();
    assertThat(delta(before, after, "xadd")).isEqualTo(EVENTS);
    long reads = delta(before, after, "xread");
    // Two replicas have subscribers; each reads at most once per event, 40 subscribers or not.
    assertThat(reads).isBetween(2L, 2L * EVENTS + 2);
    assertThat(delta(before, after, "xrange")).isZero();
    assertThat(delta(before, after, "xrevrange")).isZero();
    System.out.printf(
        "commandstats: %d events, %d subscribers on 2 replicas: xadd %d, xread %d (%.2f per event"
            + " per replica)%n",
        EVENTS, clients.size(), delta(before, after, "xadd"), reads, reads / (2.0 * EVENTS));

    // A stream nobody subscribes to costs its XADDs and nothing else per event.
    Map<String, Long> beforeIdle = RedisServer.commandCalls();
    for (int i = 1; i <= EVENTS; i++) {
      a.broadcaster("idle").send(SseEvent.of("e" + i));
    }
    Map<String, Long> afterIdle = RedisServer.commandCalls();
    assertThat(delta(beforeIdle, afterIdle, "xadd")).isEqualTo(EVENTS);
    Map<String, Long> others = new java.util.TreeMap<>();
    for (String command : afterIdle.keySet()) {
      long d = delta(beforeIdle, afterIdle, command);
      if (d > 0 && !command.equals("xadd") && !command.equals("info")) {
        others.put(command, d);
      }
    }
    System.out.println("commandstats: idle stream, " + EVENTS + " events: besides XADD " + others);
    // The age trim's XTRIM and PEXPIRE, once; a new pooled connection's handshake, if any.
    assertThat(others.getOrDefault("xtrim", 0L)).isLessThanOrEqualTo(1);
    assertThat(others.getOrDefault("pexpire", 0L)).isLessThanOrEqualTo(1);
    assertThat(others.getOrDefault("xread", 0L)).isZero();

    // A client resuming costs one XRANGE; the replica already follows the stream.
    Map<String, Long> beforeResume = RedisServer.commandCalls();
    for (int i = 0; i < 10; i++) {
      try (RawSseClient resumed = c.subscribe("watched", "Last-Event-ID: " + last)) {
        assertThat(resumed.status).isEqualTo(200);
      }
    }
    Map<String, Long> afterResume = RedisServer.commandCalls();
    assertThat(delta(beforeResume, afterResume, "xrange")).isEqualTo(10);
    assertThat(delta(beforeResume, afterResume, "xinfo|stream")).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.broadcaster("watched").subscribers() >= 20);
  }

  private static void resetStats() {
    try (Jedis admin = RedisServer.admin()) {
      admin.configResetStat();
    }
  }
}
