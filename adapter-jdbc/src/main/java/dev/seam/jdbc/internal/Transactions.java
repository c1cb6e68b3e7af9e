package dev.seam.jdbc.internal;

import dev.seam.CallContext;
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
    if (isolation != null) {
      // Through the tracking connection, which saves the level the connection had: the lease puts
      // it back when the connection goes back, or evicts a connection that refuses (J7).
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
    return result;
  }

  /**
   * Commits, unless the call was cancelled or timed out before the commit began: then the caller
   * has been told it failed, so its work must not become visible.
   *
   * <p>Opens the call's uncancellable region (C11) before the check, so a deadline either passed
   * before it (rolled back, the caller is told "timed out") or is deferred until the call returned,
   * and the commit's result wins. The region is never closed here; it ends with the call. Closing
   * it any earlier, even right after {@code commit()} returned, would let a deadline that passed
   * during the commit fail the future as "timed out" while the work is committed. So after the
   * commit only code that cannot fail runs until the call returns: the expiry of the handed-out
   * connection and {@link Lease#close()}. A failed commit returns its failure inside the region
   * too: the caller learns why it did not commit, not that it was late.
   */
  static void commitUnlessCancelled(Connection c, Lease lease) throws SQLException {
    CallContext call = lease.call();
    call.uncancellable(); // deliberately left open: see above
    if (call.isCancelled()) {
      throw new SQLException(
          "seam '" + call.seamName() + "' call was cancelled; rolled back", "40000");
    }
    c.commit();
  }
}
