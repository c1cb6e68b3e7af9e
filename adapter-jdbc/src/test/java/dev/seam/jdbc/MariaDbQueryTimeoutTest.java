package dev.seam.jdbc;

/** The QueryTimeout contract on MariaDB, through MariaDB Connector/J. */
class MariaDbQueryTimeoutTest extends QueryTimeoutContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }

  @Override
  boolean timeoutIsASessionSetting() {
    return false; // each statement carries its own (max_statement_time, or the driver's timer)
  }
}
