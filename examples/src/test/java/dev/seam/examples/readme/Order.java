package dev.seam.examples.readme;

import java.sql.ResultSet;
import java.sql.SQLException;

/** An order row, shared by the README's examples. */
public record Order(long id, long totalCents) {
  /** Maps the current row of {@code id, total} columns. */
  static Order map(ResultSet rs) throws SQLException {
    return new Order(rs.getLong(1), rs.getLong(2));
  }
}
