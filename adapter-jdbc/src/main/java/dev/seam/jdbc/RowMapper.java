package dev.seam.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Maps the current row of a {@link ResultSet} to a value. Called on the seam worker that runs the
 * query, once per row, with the result set positioned on that row; it must not move the cursor.
 *
 * @param <T> the row type
 * @since 0.1
 */
@FunctionalInterface
public interface RowMapper<T> {
  /**
   * Maps the current row.
   *
   * @param row the result set, on the row to map
   * @return the value for this row
   * @throws SQLException if reading a column fails; the call fails with it
   */
  T map(ResultSet row) throws SQLException;
}
