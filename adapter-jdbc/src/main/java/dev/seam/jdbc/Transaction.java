package dev.seam.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * An open transaction, handed to a {@link TransactionCallback} on the seam worker that runs it. Its
 * methods block and run on that worker; the whole transaction stays on that one thread and that one
 * connection. Not thread-safe: use it only inside the callback. Failures are {@link
 * SqlStatementException}s naming the SQL.
 *
 * @since 0.1
 */
public interface Transaction {

  /**
   * The transaction's connection, for existing JDBC code. Statements created on it are cancelled
   * with the call; do not commit, roll back or close it (the transaction does).
   *
   * @return the connection
   */
  Connection connection();

  /**
   * Runs a query and maps every row.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param mapper maps one row
   * @param params bound in order with {@code setObject}
   * @param <T> the row type
   * @return the rows
   * @throws SQLException if the statement or the mapper fails
   */
  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

  /**
   * Runs a query that returns at most one row.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param mapper maps the row
   * @param params bound in order
   * @param <T> the row type
   * @return the row, or empty
   * @throws SQLException if the statement fails
   * @throws IllegalStateException if it returns more than one row; the message names the SQL
   */
  <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

  /**
   * Runs an INSERT, UPDATE, DELETE or DDL statement.
   *
   * @param sql the SQL, with {@code ?} placeholders
   * @param params bound in order
   * @return the row count
   * @throws SQLException if the statement fails
   */
  int update(String sql, Object... params) throws SQLException;
}
