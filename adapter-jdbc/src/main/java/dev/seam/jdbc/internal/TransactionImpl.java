package dev.seam.jdbc.internal;

import dev.seam.jdbc.RowMapper;
import dev.seam.jdbc.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@link Transaction} over one lease's tracked connection; used on its worker only. */
final class TransactionImpl implements Transaction {
  private final Connection connection;
  private final int fetchSize;

  TransactionImpl(Connection connection, int fetchSize) {
    this.connection = connection;
    this.fetchSize = fetchSize;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    return Statements.query(connection, sql, mapper, params, fetchSize);
  }

  @Override
  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    return Statements.queryOne(connection, sql, mapper, params);
  }

  @Override
  public int update(String sql, Object... params) throws SQLException {
    return Statements.update(connection, sql, params);
  }
}
