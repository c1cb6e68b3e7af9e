package dev.seam.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * What a call changed on its borrowed connection through the JDBC API, so that the connection goes
 * back to the pool as it came (J7): auto-commit, read-only, isolation, catalog, schema, holdability
 * and network timeout. Each value is read from the connection just before the call first changes it
 * (by Seam or by the user's code through the tracking connection), never at borrow: reading every
 * property of every borrowed connection would cost round trips (pgjdbc asks the server for the
 * isolation level). What changes outside the JDBC setters (SQL such as {@code SET SESSION ...}, or
 * the driver's connection reached through {@code unwrap}) is not seen.
 *
 * <p>Worker only: made, filled and restored on the call's worker thread. Not thread-safe.
 */
final class ConnectionState {
  private static final int AUTO_COMMIT = 1;
  private static final int READ_ONLY = 1 << 1;
  private static final int ISOLATION = 1 << 2;
  private static final int CATALOG = 1 << 3;
  private static final int SCHEMA = 1 << 4;
  private static final int HOLDABILITY = 1 << 5;
  private static final int NETWORK_TIMEOUT = 1 << 6;

  private int saved; // which of the values below hold the connection's original
  private boolean autoCommit;
  private boolean readOnly;
  private int isolation;
  private int isolationSet; // the last level set: asking the driver costs pgjdbc a round trip
  private String catalog;
  private String schema;
  private int holdability;
  private int networkTimeout;

  void saveAutoCommit(Connection c) throws SQLException {
    if (first(AUTO_COMMIT)) {
      autoCommit = c.getAutoCommit();
    }
  }

  void saveReadOnly(Connection c) throws SQLException {
    if (first(READ_ONLY)) {
      readOnly = c.isReadOnly();
    }
  }

  void saveIsolation(Connection c, int level) throws SQLException {
    if (first(ISOLATION)) {
      isolation = c.getTransactionIsolation();
    }
    isolationSet = level;
  }

  void saveCatalog(Connection c) throws SQLException {
    if (first(CATALOG)) {
      catalog = c.getCatalog();
    }
  }

  void saveSchema(Connection c) throws SQLException {
    if (first(SCHEMA)) {
      schema = c.getSchema();
    }
  }

  void saveHoldability(Connection c) throws SQLException {
    if (first(HOLDABILITY)) {
      holdability = c.getHoldability();
    }
  }

  void saveNetworkTimeout(Connection c) throws SQLException {
    if (first(NETWORK_TIMEOUT)) {
      networkTimeout = c.getNetworkTimeout();
    }
  }

  /** Marks a value as saved; true the first time only, when the caller must read it. */
  private boolean first(int bit) {
    if ((saved & bit) != 0) {
      return false;
    }
    saved |= bit;
    return true;
  }

  /**
   * Puts back every value the call changed. Runs after the transaction was rolled back, so a level
   * or read-only flag that a driver refuses to change inside a transaction can change; auto-commit
   * last, as switching it on would commit.
   *
   * @param c the borrowed connection
   * @param executor for {@link Connection#setNetworkTimeout}, which some drivers run on it
   * @return the first property that could not be restored (the connection must then be evicted), or
   *     null
   */
  String restore(Connection c, Executor executor) {
    String failed = null;
    try {
      if ((saved & ISOLATION) != 0 && isolationSet != isolation) {
        failed = "transaction isolation";
        c.setTransactionIsolation(isolation);
      }
      if ((saved & READ_ONLY) != 0 && c.isReadOnly() != readOnly) {
        failed = "read-only";
        c.setReadOnly(readOnly);
      }
      if ((saved & CATALOG) != 0) {
        failed = "catalog";
        c.setCatalog(catalog);
      }
      if ((saved & SCHEMA) != 0) {
        failed = "schema";
        c.setSchema(schema);
      }
      if ((saved & HOLDABILITY) != 0 && c.getHoldability() != holdability) {
        failed = "holdability";
        c.setHoldability(holdability);
      }
      if ((saved & NETWORK_TIMEOUT) != 0 && c.getNetworkTimeout() != networkTimeout) {
        failed = "network timeout";
        c.setNetworkTimeout(executor, networkTimeout);
      }
      if ((saved & AUTO_COMMIT) != 0 && c.getAutoCommit() != autoCommit) {
        failed = "auto-commit";
        c.setAutoCommit(autoCommit);
      }
      return null;
    } catch (SQLException | RuntimeException e) {
      return failed == null ? "connection state" : failed;
    }
  }
}
