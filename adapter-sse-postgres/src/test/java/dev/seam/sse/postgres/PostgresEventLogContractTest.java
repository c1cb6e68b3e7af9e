package dev.seam.sse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.sse.SseEventLog;
import dev.seam.sse.contract.SseEventLogContract;
import dev.seam.testing.SeamLeakCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL passes the engines' contract. Each replica is a log with a pool of its own; a stream
 * loses its history when its row is deleted (as the idle-stream expiry, or an operator, would),
 * which takes its events with it.
 */
@ExtendWith(SeamLeakCheck.class)
class PostgresEventLogContractTest extends SseEventLogContract {
  private final String prefix = PgServer.prefix("contract");
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private long maxLength;

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
  protected SseEventLog loseStream(SseEventLog log, String stream) throws Exception {
    try (Connection c = PgServer.admin();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM " + ((PostgresSseEventLog) log).streamsTable() + " WHERE name = ?")) {
      ps.setString(1, stream);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return log;
  }

  private PostgresSseEventLog log() {
    HikariDataSource pool = PgServer.pool("contract-" + toClose.size());
    toClose.add(pool);
    PostgresSseEventLog log =
        PostgresSseEventLog.builder(pool)
            .name("contract-" + toClose.size())
            .tablePrefix(prefix)
            .maxLength(maxLength)
            .build();
    toClose.add(log);
    return log;
  }
}
