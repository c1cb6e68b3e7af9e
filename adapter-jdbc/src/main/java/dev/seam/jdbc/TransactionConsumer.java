package dev.seam.jdbc;

/**
 * Work inside one transaction without a result, run by {@link AsyncJdbc#useTransaction}. The same
 * rules as {@link TransactionCallback} apply.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TransactionConsumer {
  /**
   * Runs the transaction's work.
   *
   * @param tx the open transaction, valid until the method returns, on this thread only
   * @throws Exception any failure; the transaction rolls back and the future fails with it
   */
  void useTransaction(Transaction tx) throws Exception;
}
