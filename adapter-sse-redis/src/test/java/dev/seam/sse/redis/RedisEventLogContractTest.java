package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seam.sse.SseEventLog;
import dev.seam.sse.contract.SseEventLogContract;
import dev.seam.testing.SeamLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Redis passes the engines' contract. Each replica is a log with a Redis client of its own; a
 * stream loses its history when its key is deleted (as an expiry or a flush would).
 */
@ExtendWith(SeamLeakCheck.class)
class RedisEventLogContractTest extends SseEventLogContract {
  private final String prefix = "seam-test:contract:" + UUID.randomUUID() + ":";
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private long maxLength;

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

  @Override
  protected SseEventLog newLog(int retained) {
    maxLength = retained;
    return log();
  }

  @Override
  protected SseEventLog replicaOf(SseEventLog log) {
    return log();
  }

  @Override
  protected SseEventLog loseStream(SseEventLog log, String stream) {
    try (Jedis admin = RedisServer.admin()) {
      assertThat(admin.del(((RedisSseEventLog) log).key(stream))).isEqualTo(1);
    }
    return log;
  }

  @Override
  protected int appendsToTrim(int retained) {
    return 500; // MAXLEN ~ trims whole nodes of 100 entries
  }

  private RedisSseEventLog log() {
    RedisClient client = RedisServer.client();
    toClose.add(client);
    RedisSseEventLog log =
        RedisSseEventLog.builder(client)
            .name("contract-" + toClose.size())
            .keyPrefix(prefix)
            .maxLength(maxLength)
            .build();
    toClose.add(log);
    return log;
  }
}
