package dev.seam.jdbc.internal;

import dev.seam.jdbc.Isolation;
import dev.seam.jdbc.TransactionCallback;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs a transaction on the worker: commit on return, rollback on failure or cancellation. */
final class Transactions {
  private Transactions() {}

  static <T> T run(
      Connection c,
      Lease lease,
      Isolation isolation,
      TransactionCallback<T> callback,
      int fetchSize)
      throws Exception {
    int previous = c.getTransactionIsolation();
    boolean changeLevel = isolation != null && isolation.jdbcLevel() != previous;
    if (changeLevel) {
      c.setTransactionIsolation(isolation.jdbcLevel());
    }
    c.setAutoCommit(false);
    T result;
    try {
      result = callback.inTransaction(new TransactionImpl(c, fetchSize));
      commitUnlessCancelled(c, lease);
    } catch (Throwable t) { // any failure, checked or not, must roll the transaction back
      try {
        c.rollback();
      } catch (SQLException | RuntimeException e) {
        t.addSuppressed(e); // the lease evicts a connection that cannot roll back
      }
      throw t;
    }
    // Restored only after a clean end; the lease resets auto-commit (rolling back first).
    if (changeLevel) {
      c.setTransactionIsolation(previous);
    }
    return result;
  }

  /**
   * Commits, unless the call was cancelled or timed out meanwhile: the caller has been told it
   * failed, so its work must not become visible.
   */
  static void commitUnlessCancelled(Connection c, Lease lease) throws SQLException {
    if (lease.call().isCancelled()) {
      throw new SQLException(
          "seam '" + lease.call().seamName() + "' call was cancelled; rolled back", "40000");
    }
    c.commit();
  }
}
