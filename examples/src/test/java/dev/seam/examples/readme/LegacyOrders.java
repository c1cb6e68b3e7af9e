package dev.seam.examples.readme;

import java.sql.SQLException;

/** The README's legacy sync interface of the orders context: unchanged legacy code. */
public interface LegacyOrders { // unchanged legacy code
  Order find(long id) throws SQLException;

  int countOpen(String customer) throws SQLException;
}
