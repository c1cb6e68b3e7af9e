package dev.seam.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalInt;
import javax.sql.DataSource;

/** HikariCP support; loaded only when HikariCP is present (see {@link Pools}). */
final class HikariPools {
  private HikariPools() {}

  static OptionalInt maximumPoolSize(DataSource dataSource) {
    HikariDataSource hikari = unwrap(dataSource);
    return hikari == null ? OptionalInt.empty() : OptionalInt.of(hikari.getMaximumPoolSize());
  }

  static boolean evict(DataSource dataSource, Connection connection) {
    HikariDataSource hikari = unwrap(dataSource);
    if (hikari == null) {
      return false;
    }
    // Marks the pool entry evicted; Hikari closes it when the connection is returned.
    hikari.evictConnection(connection);
    return true;
  }

  private static HikariDataSource unwrap(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource h) {
      return h;
    }
    try {
      if (dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)) {
        return dataSource.unwrap(HikariDataSource.class);
      }
    } catch (SQLException e) {
      return null; // a wrapper that cannot say: treat it as an unknown pool
    }
    return null;
  }
}
