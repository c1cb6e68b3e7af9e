package dev.seam.examples.reactive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The sync core: a legacy DAO over plain JDBC, blocking, with checked exceptions, handed a
 * connection by its caller. Nothing here knows about Reactor, WebFlux or seams.
 */
public final class OrderDao {
  /** One order as the DAO reads it. */
  public record Order(long id, String customer, long priceCents) {}

  /**
   * Creates the table and {@code count} orders, numbered from 1.
   *
   * @param c the connection
   * @param count how many orders
   * @throws SQLException when the database fails
   */
  public void createSchema(Connection c, int count) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS orders"
              + " (id BIGINT PRIMARY KEY, customer VARCHAR(40), price_cents BIGINT)");
    }
    try (PreparedStatement ps =
        c.prepareStatement("MERGE INTO orders (id, customer, price_cents) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= count; id++) {
        ps.setLong(1, id);
        ps.setString(2, "customer-" + (id % 7));
        ps.setLong(3, 1_000 + id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Loads one order.
   *
   * @param c the connection
   * @param id the order id
   * @return the order, or empty if there is none with that id
   * @throws SQLException when the database fails
   */
  public Optional<Order> find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, customer, price_cents FROM orders WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Order(rs.getLong(1), rs.getString(2), rs.getLong(3)))
            : Optional.empty();
      }
    }
  }

  /**
   * Raises one order's price by {@code percent}.
   *
   * @param c the connection
   * @param id the order id
   * @param percent the raise, in percent
   * @throws SQLException when the database fails
   */
  public void reprice(Connection c, long id, int percent) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE orders SET price_cents = price_cents * (100 + ?) / 100 WHERE id = ?")) {
      ps.setInt(1, percent);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /**
   * Counts the orders.
   *
   * @param c the connection
   * @return the count
   * @throws SQLException when the database fails
   */
  public long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
