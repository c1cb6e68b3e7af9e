package dev.seam.examples.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The legacy, blocking JDBC DAO of the catalogue: plain JDBC on the calling thread, the way such
 * code is written before anyone thinks of futures. The demo never changes it; seams run it.
 *
 * <p>Thread-safe (each method borrows its own connection). Blocks the calling thread for the query;
 * a {@code Statement.cancel()} from another thread stops it, which is why {@link #find} takes a
 * hook for the statement.
 */
public final class ProductDao {
  private final DataSource dataSource;

  /**
   * Creates the DAO.
   *
   * @param dataSource where the {@code product} table lives
   */
  public ProductDao(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates the table and seeds it with {@code count} products named after their id.
   *
   * @param count products to insert
   * @throws SQLException if the database fails
   */
  public void seed(int count) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement ddl = c.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS product");
      ddl.execute(
          "CREATE TABLE product (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL,"
              + " price_cents BIGINT NOT NULL)");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO product (id, name, price_cents) VALUES (?, ?, ?)")) {
        for (long id = 1; id <= count; id++) {
          insert.setLong(1, id);
          insert.setString(2, name(id));
          insert.setLong(3, 1_000 + id % 9_000);
          insert.addBatch();
          if (id % 500 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
    }
  }

  private static String name(long id) {
    String[] kinds = {"Kettle", "Lamp", "Chair", "Mug", "Desk", "Shelf", "Rug", "Clock"};
    return kinds[(int) (id % kinds.length)] + " no. " + id;
  }

  /**
   * Loads one product.
   *
   * @param id the product id
   * @param onStatement receives the statement before it runs, so a caller can cancel it
   * @return the product, or empty
   * @throws SQLException if the database fails
   */
  public Optional<Product> find(long id, StatementHook onStatement) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, name, price_cents FROM product WHERE id = ?")) {
      onStatement.opened(ps);
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Product(rs.getLong(1), rs.getString(2), rs.getLong(3)))
            : Optional.empty();
      }
    }
  }

  /**
   * Every product id, in order.
   *
   * @return the ids
   * @throws SQLException if the database fails
   */
  public List<Long> ids() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM product ORDER BY id")) {
      List<Long> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    }
  }

  /** Sees a statement before it runs. */
  @FunctionalInterface
  public interface StatementHook {
    /**
     * Called on the querying thread with the statement about to run.
     *
     * @param statement the statement
     */
    void opened(Statement statement);
  }
}
