package dev.seam.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** A database the contract tests run against: how to get a pool and the SQL that differs. */
interface Db {
  /**
   * Skips the test (or fails it, where the database is required) if the database is not there.
   * Embedded databases are always there.
   */
  default void assumeAvailable() {}

  /** A Hikari pool of the given size; the caller closes it. */
  HikariDataSource pool(String name, int size);

  /** A query that runs for at least ten seconds unless cancelled. */
  String slowQuery();

  /** A query returning the current session's server-side id, as a long. */
  String sessionIdQuery();

  /** A query returning the integers 1..n in one column, produced lazily. */
  String rangeQuery(long n);

  /**
   * A query counting other sessions that are running a statement whose text contains the one string
   * parameter (bind it as a LIKE pattern).
   */
  String runningCountQuery();

  /** Removes what a test created. */
  void cleanUp(HikariDataSource pool) throws Exception;
}
