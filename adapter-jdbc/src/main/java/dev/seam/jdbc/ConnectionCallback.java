package dev.seam.jdbc;

import java.sql.Connection;

/**
 * Existing JDBC code that returns a value, run by {@link AsyncJdbc#withConnection} on a seam
 * worker. The connection is valid only until the method returns, on that worker thread; closing it
 * is allowed and does nothing (the adapter returns it to the pool).
 *
 * @param <T> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionCallback<T> {
  /**
   * Runs JDBC code.
   *
   * @param connection a connection that tracks the statements it creates so that cancellation
   *     reaches them
   * @return the result that completes the future
   * @throws Exception any failure; it becomes the cause of the future's failure
   */
  T withConnection(Connection connection) throws Exception;
}
