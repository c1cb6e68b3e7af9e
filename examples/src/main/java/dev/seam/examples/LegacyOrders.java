package dev.seam.examples;

import java.sql.SQLException;

/**
 * The sync core of the orders context, as legacy code has it: blocking, with checked exceptions.
 * Nothing here changes when the context is migrated.
 */
public interface LegacyOrders {

  /**
   * Loads an order.
   *
   * @param id the order id
   * @return the order's summary line
   * @throws SQLException when the database fails
   */
  String find(long id) throws SQLException;

  /**
   * Counts a customer's open orders.
   *
   * @param customer the customer id
   * @return the count
   * @throws SQLException when the database fails
   */
  int countOpen(String customer) throws SQLException;
}
