package dev.seam.sse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seam.sse.SseEvent;
import dev.seam.sse.redis.internal.Entries;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** What needs no server: options checked by name, ids ordered, events stored field by field. */
@ExtendWith(SeamLeakCheck.class)
class RedisSseEventLogBuilderTest {
  // A pooled client connects lazily: nothing here talks to a server.
  private final RedisClient redis = RedisClient.builder().hostAndPort("127.0.0.1", 1).build();

  @AfterEach
  void close() {
    redis.close();
  }

  private void refused(UnaryOperator<RedisSseEventLogBuilder> option, String message) {
    assertThatThrownBy(() -> option.apply(RedisSseEventLog.builder(redis)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void badOptionsAreRefusedNamingTheValue() {
    refused(b -> b.maxLength(0), "maxLength < 1: 0");
    refused(b -> b.maxAge(Duration.ofSeconds(-1)), "maxAge < 0: PT-1S");
    refused(b -> b.timeout(Duration.ZERO), "timeout <= 0: PT0S");
    refused(b -> b.ageTrimEvery(Duration.ZERO), "ageTrimEvery <= 0: PT0S");
    refused(b -> b.replayLimit(0), "replayLimit < 1: 0");
    refused(b -> b.concurrency(0, 10), "maxConcurrency < 1: 0");
    refused(b -> b.name(" "), "name is blank: ' '");
  }

  @Test
  void idsAreOrderedAsRedisOrdersEntriesAndForeignIdsAreRefused() {
    try (RedisSseEventLog log = RedisSseEventLog.builder(redis).build()) {
      assertThat(log.compareIds("1700000000000-2", "1700000000000-10")).isNegative();
      assertThat(log.compareIds("1700000000001-0", "1700000000000-99")).isPositive();
      assertThat(log.compareIds("5-5", "5-5")).isZero();
      assertThatThrownBy(() -> log.compareIds("42", "1-0"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a Redis stream entry id (<ms>-<seq>): 42");
      assertThat(log.key("job-1")).isEqualTo("seam:sse:job-1");
    }
  }

  @Test
  void anEventKeepsItsNameDataRetryAndCommentThroughAnEntry() {
    SseEvent e =
        SseEvent.of("progress", "line 1\nline 2").retry(Duration.ofMillis(1500)).withComment("c");
    StreamEntry entry = new StreamEntry(new StreamEntryID(7, 1), Entries.fields(e));
    SseEvent back = Entries.event(entry);
    assertThat(back.event()).isEqualTo("progress");
    assertThat(back.data()).isEqualTo("line 1\nline 2");
    assertThat(back.retry()).isEqualTo(Duration.ofMillis(1500));
    assertThat(back.comment()).isEqualTo("c");
    assertThat(back.id()).isEqualTo("7-1");
    assertThat(Entries.parse("not-an-id")).isNull();
    assertThat(Entries.parse(" 12-3 ")).isEqualTo(new StreamEntryID(12, 3));
  }
}
