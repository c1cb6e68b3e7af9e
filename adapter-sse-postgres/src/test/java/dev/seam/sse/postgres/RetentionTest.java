package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseEvent;
import dev.seam.sse.SseEventLog.Replay;
import dev.seam.sse.contract.RawSseClient;
import dev.seam.sse.contract.SpecParser;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention by length and by age keeps a prefix of each stream out of the table, so what is left
 * replays exactly and what is gone is a gap. Age is set back in the table (the server's clock
 * decides), not waited for.
 */
@ExtendWith(SeamLeakCheck.class)
class RetentionTest {
  private final String prefix = PgServer.prefix("retention");
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void postgres() {
    PgServer.assumeReachable();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    PgServer.dropTables(prefix);
  }

  private PostgresSseEventLog log(UnaryOperator<PostgresSseEventLogBuilder> options) {
    HikariDataSource pool = PgServer.pool("retention-" + toClose.size());
    toClose.add(pool);
    PostgresSseEventLog log =
        options.apply(PostgresSseEventLog.builder(pool).tablePrefix(prefix)).build();
    toClose.add(log);
    return log;
  }

  @Test
  void aStreamKeepsItsNewestEventsAndAtMostATenthMore() throws Exception {
    PostgresSseEventLog log = log(b -> b.maxLength(100));
    List<String> ids = append(log, "job", 255);
    assertThat(count("SELECT count(*) FROM " + log.eventsTable())).isBetween(100L, 110L);
    assertThat(count("SELECT min(n) FROM " + log.eventsTable())).isEqualTo(151); // after n=250
    assertThat(replay(log, "job", ids.get(0)).isGap()).isTrue();
    assertThat(replay(log, "job", ids.get(149)).events())
        .extracting(SseEvent::id)
        .containsExactlyElementsOf(ids.subList(150, 255));
  }

  @Test
  void eventsOlderThanTheMaximumAgeGoOnTheNextAppendOfTheirStream() throws Exception {
    PostgresSseEventLog a = log(b -> b);
    List<String> ids = append(a, "job", 6);
    PgServer.execute(
        "UPDATE " + a.eventsTable() + " SET at = now() - interval '25 hours' WHERE n <= 3");
    // A replica that has not trimmed the stream yet does so on its first append to it.
    PostgresSseEventLog b = log(x -> x);
    ids.add(b.append("job", SseEvent.of("new")));
    assertThat(count("SELECT min(n) FROM " + a.eventsTable())).isEqualTo(4);
    assertThat(replay(b, "job", ids.get(1)).isGap()).isTrue();
    assertThat(replay(b, "job", ids.get(2)).events())
        .extracting(SseEvent::id)
        .containsExactlyElementsOf(ids.subList(3, 7));
  }

  @Test
  void aStreamIdleForTheMaximumAgeIsDeletedWithItsEventsAndItsIdsBecomeAGap() throws Exception {
    PostgresSseEventLog a = log(b -> b);
    List<String> idle = append(a, "idle", 3);
    append(a, "busy", 1);
    PgServer.execute(
        "UPDATE "
            + a.streamsTable()
            + " SET last_at = now() - interval '25 hours' WHERE name = 'idle'");
    PostgresSseEventLog b = log(x -> x);
    b.append("busy", SseEvent.of("sweeps")); // a replica's first append sweeps idle streams
    assertThat(count("SELECT count(*) FROM " + a.streamsTable() + " WHERE name = 'idle'")).isZero();
    assertThat(count("SELECT count(*) FROM " + a.eventsTable() + " WHERE stream = 'idle'"))
        .isZero();
    assertThat(replay(b, "idle", idle.get(2))).matches(Replay::isGap);
    String next = b.append("idle", SseEvent.of("again"));
    assertThat(next).doesNotStartWith(idle.get(0).substring(0, 7)).endsWith("-1");
  }

  @Test
  void aStreamFollowedOnAReplicaIsNotSweptThoughIdleAndItsNextEventKeepsItsEpoch()
      throws Exception {
    Replica a = replica("a", x -> x, "job");
    Replica b = replica("b", x -> x, "job");
    String first = a.broadcaster("job").send(SseEvent.of("first"));
    RawSseClient client = b.subscribe("job");
    toClose.add(client);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.broadcaster("job").subscribers() >= 1);
    String second = a.broadcaster("job").send(SseEvent.of("second"));
    assertThat(client.awaitEvent(1).lastEventId()).isEqualTo(second); // followed on b
    // As if no event had come for longer than the age limit while the client waited.
    PgServer.execute(
        "UPDATE "
            + a.log.streamsTable()
            + " SET last_at = now() - interval '25 hours' WHERE name = 'job'");
    replica("c", x -> x, "other").broadcaster("other").send(SseEvent.of("sweeps")); // first sweep
    assertThat(count("SELECT count(*) FROM " + a.log.streamsTable() + " WHERE name = 'job'"))
        .isOne();
    String next = a.broadcaster("job").send(SseEvent.of("next"));
    assertThat(next).startsWith(first.substring(0, first.lastIndexOf('-') + 1)).endsWith("-3");
    SpecParser.Dispatched got = client.awaitEvent(2);
    assertThat(got.type()).isEqualTo("message");
    assertThat(got.lastEventId()).isEqualTo(next);
  }

  @Test
  void aReplicaMarksTheStreamsItFollowsAgainSoAStreamFollowedForLongerThanTheAgeIsKept()
      throws Exception {
    Replica a = replica("a", x -> x, "job");
    // The marking interval is the sweep interval: shortened here so that the test need not wait.
    Replica b = replica("b", x -> x.ageTrimEvery(Duration.ofMillis(100)), "job");
    RawSseClient client = b.subscribe("job");
    toClose.add(client);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.broadcaster("job").subscribers() >= 1);
    String first = a.broadcaster("job").send(SseEvent.of("first"));
    assertThat(client.awaitEvent(1).lastEventId()).isEqualTo(first);
    // As if the stream had been followed, with no append, for longer than the age limit.
    PgServer.execute(
        "UPDATE "
            + a.log.streamsTable()
            + " SET last_at = now() - interval '25 hours', followed_at = now() - interval '25"
            + " hours' WHERE name = 'job'");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM "
                            + a.log.streamsTable()
                            + " WHERE name = 'job' AND followed_at > now() - interval '1 hour'")
                    == 1);
    replica("c", x -> x, "other").broadcaster("other").send(SseEvent.of("sweeps"));
    assertThat(count("SELECT count(*) FROM " + a.log.streamsTable() + " WHERE name = 'job'"))
        .isOne();
    String next = a.broadcaster("job").send(SseEvent.of("next"));
    assertThat(client.awaitEvent(2).lastEventId()).isEqualTo(next).endsWith("-2");
  }

  @Test
  void aStreamWhoseMarksAreBothOlderThanTheMaximumAgeIsStillSwept() throws Exception {
    Replica a = replica("a", x -> x, "job");
    Replica b = replica("b", x -> x, "job");
    String first = a.broadcaster("job").send(SseEvent.of("first"));
    try (RawSseClient client = b.subscribe("job")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> b.broadcaster("job").subscribers() >= 1);
    }
    // Followed once, then neither appended to nor marked for longer than the limit.
    PgServer.execute(
        "UPDATE "
            + a.log.streamsTable()
            + " SET last_at = now() - interval '25 hours', followed_at = now() - interval '25"
            + " hours' WHERE name = 'job'");
    replica("c", x -> x, "other").broadcaster("other").send(SseEvent.of("sweeps"));
    assertThat(count("SELECT count(*) FROM " + a.log.streamsTable() + " WHERE name = 'job'"))
        .isZero();
    assertThat(replay(a.log, "job", first)).matches(Replay::isGap);
  }

  private Replica replica(
      String name, UnaryOperator<PostgresSseEventLogBuilder> options, String... streams)
      throws Exception {
    Replica r = new Replica(name, x -> options.apply(x.tablePrefix(prefix)), streams);
    toClose.add(r);
    return r;
  }

  private static List<String> append(PostgresSseEventLog log, String stream, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(log.append(stream, SseEvent.of("e" + i)));
    }
    return ids;
  }

  private static Replay replay(PostgresSseEventLog log, String stream, String id) throws Exception {
    return log.readAfter(stream, id).get(10, TimeUnit.SECONDS);
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = PgServer.admin();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
