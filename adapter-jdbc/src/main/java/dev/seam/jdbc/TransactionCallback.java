package dev.seam.jdbc;

/**
 * Work inside one transaction that returns a value, run by {@link AsyncJdbc#inTransaction} on a
 * seam worker. The transaction commits when the method returns and rolls back when it throws, or
 * when the call times out or is cancelled.
 *
 * @param <T> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface TransactionCallback<T> {
  /**
   * Runs the transaction's work.
   *
   * @param tx the open transaction, valid until the method returns, on this thread only
   * @return the result that completes the future
   * @throws Exception any failure; the transaction rolls back and the future fails with it
   */
  T inTransaction(Transaction tx) throws Exception;
}
