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
    // Hikari ignores anything but its own proxies and evicts nothing once closed; then the caller
    // must abort and close the connection itself, or it would leak.
    if (hikari == null
        || hikari.isClosed()
        || !connection.getClass().getName().startsWith("com.zaxxer.hikari")) {
      return false;
    }
    // The connection is still borrowed, so Hikari closes it at once and never hands it out again.
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
