package dev.seam.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.seam.Seam;
import dev.seam.testing.JdbcLeakCheck;
import dev.seam.testing.SeamLeakCheck;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** J6: the seam's concurrency comes from, or is checked against, the pool's size. */
@ExtendWith({SeamLeakCheck.class, JdbcLeakCheck.class})
class PoolSizingTest {

  @Test
  void seamForSizesTheSeamFromTheHikariPool() {
    try (HikariDataSource pool = new H2().pool("sized", 7);
        Seam seam = AsyncJdbc.seamFor("sized", pool).build()) {
      assertThat(seam.stats().maxConcurrency()).isEqualTo(7);
    }
  }

  @Test
  void seamForRejectsADataSourceWhoseSizeIsUnknown() {
    JdbcDataSource plain = new JdbcDataSource();
    assertThatThrownBy(() -> AsyncJdbc.seamFor("plain", plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org.h2.jdbcx.JdbcDataSource")
        .hasMessageContaining("maxConcurrency(poolSize)");
  }

  @Test
  void seamAllowingMoreCallsThanThePoolHasConnectionsLogsAWarning() {
    try (HikariDataSource pool = new H2().pool("small", 3);
        Seam wide = Seam.builder("wide").maxConcurrency(10).build();
        Seam fitting = Seam.builder("fitting").maxConcurrency(3).build();
        LogCapture log = new LogCapture("dev.seam.jdbc")) {
      AsyncJdbc.builder(pool, fitting).build().close();
      assertThat(log.warnings()).isEmpty();
      AsyncJdbc.builder(pool, wide).build().close();
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains("seam 'wide'", "10 concurrent calls", "only 3 connections");
    }
  }

  @Test
  void builderRejectsBadOptionsNamingTheValue() {
    try (HikariDataSource pool = new H2().pool("opts", 1);
        Seam seam = Seam.builder("opts").maxConcurrency(1).build()) {
      assertThatThrownBy(() -> AsyncJdbc.builder(pool, seam).fetchSize(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("fetchSize < 1: 0");
      assertThatThrownBy(() -> AsyncJdbc.builder(pool, seam).abortAfter(Duration.ZERO).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("abortAfter <= 0: PT0S");
      assertThatThrownBy(() -> AsyncJdbc.builder(null, seam).build())
          .isInstanceOf(NullPointerException.class)
          .hasMessage("dataSource");
    }
  }
}
