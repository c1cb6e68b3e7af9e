package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLogException;
import dev.seam.sse.postgres.internal.Ids;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What needs no server: options checked by name, ids parsed and ordered, long names refused. */
@ExtendWith(SeamLeakCheck.class)
class PostgresSseEventLogBuilderTest {
  // A pool that starts empty and connects lazily: nothing here talks to a server.
  private final HikariDataSource pool = lazyPool();

  private static HikariDataSource lazyPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
    config.setInitializationFailTimeout(-1);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  private void refused(UnaryOperator<PostgresSseEventLogBuilder> option, String message) {
    assertThatThrownBy(() -> option.apply(PostgresSseEventLog.builder(pool)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void badOptionsAreRefusedNamingTheValue() {
    refused(b -> b.maxLength(0), "maxLength < 1: 0");
    refused(b -> b.maxAge(Duration.ofSeconds(-1)), "maxAge < 0: PT-1S");
    refused(b -> b.timeout(Duration.ZERO), "timeout not between 1 ms and 24 days: PT0S");
    refused(b -> b.ageTrimEvery(Duration.ZERO), "ageTrimEvery <= 0: PT0S");
    refused(b -> b.replayLimit(0), "replayLimit < 1: 0");
    refused(b -> b.concurrency(0, 10), "maxConcurrency < 1: 0");
    refused(b -> b.concurrency(1, -1), "maxQueued < 0: -1");
    refused(b -> b.readBlock(Duration.ZERO), "readBlock not between 1 ms and 24 days: PT0S");
    refused(b -> b.name(" "), "name is blank: ' '");
    refused(
        b -> b.tablePrefix("sse; DROP TABLE x"),
        "table prefix is not a lower-case SQL name ([schema.]name, letters, digits, _) of at most"
            + " 50 characters: 'sse; DROP TABLE x'");
  }

  @Test
  void idsAreOrderedByNumberAndForeignIdsAreRefused() {
    try (PostgresSseEventLog log = PostgresSseEventLog.builder(pool).build()) {
      assertThat(log.compareIds("k3x9qz-2", "k3x9qz-10")).isNegative();
      assertThat(log.compareIds("k3x9qz-11", "k3x9qz-10")).isPositive();
      assertThat(log.compareIds("0", "k3x9qz-1")).isNegative();
      assertThat(log.compareIds("k3x9qz-5", "k3x9qz-5")).isZero();
      assertThatThrownBy(() -> log.compareIds("42", "k3x9qz-1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an id of the PostgreSQL SSE log (<epoch>-<n>): 42");
      assertThat(log.eventsTable()).isEqualTo("seam_sse_events");
      assertThat(log.streamsTable()).isEqualTo("seam_sse_streams");
    }
  }

  @Test
  void idsParseIntoEpochAndNumberAndAnythingElseIsNone() {
    assertThat(Ids.parse(" ab12cd-7 ")).isEqualTo(new Ids.Parsed("ab12cd", 7));
    assertThat(Ids.parse("0")).isEqualTo(new Ids.Parsed(null, 0));
    assertThat(Ids.parse("ab12cd-0")).isNull();
    assertThat(Ids.parse("1700000000000-x")).isNull();
    assertThat(Ids.parse("-5")).isNull();
    assertThat(Ids.newEpoch()).hasSize(6).isNotEqualTo(Ids.newEpoch());
  }

  @Test
  void aStreamNameTooLongToIndexIsRefusedAsNotStoredBeforeAnyStatement() {
    try (PostgresSseEventLog log = PostgresSseEventLog.builder(pool).build()) {
      assertThatThrownBy(() -> log.append("x".repeat(1_001), SseEvent.of("e")))
          .isInstanceOf(SseEventLogException.class)
          .hasMessageContaining("longer than 1000 bytes (1001 characters): not stored");
    }
  }
}
