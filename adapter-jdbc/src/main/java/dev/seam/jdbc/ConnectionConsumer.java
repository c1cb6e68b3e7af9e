package dev.seam.jdbc;

import java.sql.Connection;

/**
 * Existing JDBC code without a result, run by {@link AsyncJdbc#useConnection} on a seam worker. The
 * same rules as {@link ConnectionCallback} apply.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionConsumer {
  /**
   * Runs JDBC code.
   *
   * @param connection a connection that tracks the statements it creates
   * @throws Exception any failure; it becomes the cause of the future's failure
   */
  void useConnection(Connection connection) throws Exception;
}
