package dev.seam.jdbc;

import java.sql.SQLException;

/**
 * A statement run by {@link AsyncJdbc} failed. It keeps the driver's SQLState and vendor code and
 * has the driver's {@link SQLException} as its cause; its message adds the SQL text and the number
 * of parameters, never their values (they may be secrets). The driver's own message, which some
 * drivers fill with key values (H2) or a detail line (PostgreSQL, unless {@code
 * logServerErrorDetail=false}), is left to the cause.
 *
 * <p>It reaches callers as the cause of the seam's {@link dev.seam.SeamCallException}, so a failed
 * future reads {@code SeamCallException -> SqlStatementException -> PSQLException}. Immutable.
 *
 * @since 0.1
 */
public final class SqlStatementException extends SQLException {
  private static final long serialVersionUID = 1L;

  private final String sql;

  /**
   * Wraps a driver failure.
   *
   * @param sql the statement's SQL text, with its {@code ?} placeholders
   * @param parameterCount how many parameters the caller gave
   * @param cause the driver's exception
   */
  public SqlStatementException(String sql, int parameterCount, SQLException cause) {
    super(message(sql, parameterCount, cause), cause.getSQLState(), cause.getErrorCode(), cause);
    this.sql = sql;
  }

  private static String message(String sql, int parameterCount, SQLException cause) {
    return "statement failed (SQLState "
        + cause.getSQLState()
        + ", vendor code "
        + cause.getErrorCode()
        + ", "
        + cause.getClass().getSimpleName()
        + ", "
        + parameterCount
        + (parameterCount == 1 ? " parameter" : " parameters")
        + "): "
        + sql;
  }

  /**
   * The SQL text of the statement that failed.
   *
   * @return the SQL, with placeholders and no parameter values
   */
  public String sql() {
    return sql;
  }
}
