package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seam.sse.SseAppendOutcomeUnknownException;
import dev.seam.sse.SseBroadcaster;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLogException;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * What {@code send} says about an append it could not confirm: "may be stored" when the request
 * reached Redis, "not stored" only when it certainly did not.
 */
@ExtendWith(SeamLeakCheck.class)
class AppendOutcomeTest {
  private final String prefix = "seam-test:outcome:" + UUID.randomUUID() + ":";

  @BeforeEach
  void redis() {
    RedisServer.assumeReachable();
  }

  @AfterEach
  void clean() {
    RedisServer.deleteKeys(prefix + "*");
  }

  @Test
  void anAppendInterruptedAfterRedisStoredTheEventSaysTheOutcomeIsUnknown() throws Exception {
    try (HoldingProxy proxy = new HoldingProxy();
        RedisClient redis = RedisClient.builder().hostAndPort("127.0.0.1", proxy.port()).build();
        RedisSseEventLog log =
            RedisSseEventLog.builder(redis)
                .name("outcome")
                .keyPrefix(prefix)
                .concurrency(1, 0)
                .timeout(Duration.ofSeconds(30))
                .build();
        SseBroadcaster broadcaster = SseBroadcaster.withLog("job", log);
        Jedis admin = RedisServer.admin()) {
      proxy.holdAnswers(); // the XADD reaches Redis; its answer does not come back
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread producer =
          new Thread(
              () -> {
                try {
                  broadcaster.send(SseEvent.of("stored, unconfirmed"));
                } catch (RuntimeException e) {
                  thrown.set(e);
                }
              },
              "outcome-producer");
      producer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.xlen(log.key("job")) == 1);
      // The log's only worker is busy with that append: this one is refused before it is sent.
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> broadcaster.send(SseEvent.of("refused"))))
          .isInstanceOf(SseEventLogException.class)
          .isNotInstanceOf(SseAppendOutcomeUnknownException.class);
      producer.interrupt(); // a cancelled job, a shutdown
      producer.join(10_000);
      assertThat(thrown.get())
          .isInstanceOf(SseAppendOutcomeUnknownException.class)
          .hasMessageContaining("may");
      proxy.releaseAnswers();
      assertThat(admin.xlen(log.key("job"))).isEqualTo(1); // stored indeed; the refused one not
    }
  }
}
