package dev.seam.examples.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A legacy DAO that works on the connection it is handed. */
final class OrderDao {
  Order find(Connection conn, long id) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT id, total FROM orders WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no order " + id);
        }
        return Order.map(rs);
      }
    }
  }
}
