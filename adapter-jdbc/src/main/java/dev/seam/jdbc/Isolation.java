package dev.seam.jdbc;

import java.sql.Connection;

/**
 * Transaction isolation levels, as {@link Connection} defines them.
 *
 * @since 0.1
 */
public enum Isolation {
  /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
  READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
  /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
  READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
  /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
  REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
  /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
  SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

  private final int level;

  Isolation(int level) {
    this.level = level;
  }

  /**
   * The JDBC constant for {@link Connection#setTransactionIsolation}.
   *
   * @return the level
   */
  public int jdbcLevel() {
    return level;
  }
}
