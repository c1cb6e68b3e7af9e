package dev.seam.jdbc;

/** The QueryTimeout contract on MariaDB, through MySQL Connector/J. */
class MySqlDriverQueryTimeoutTest extends QueryTimeoutContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }

  @Override
  boolean timeoutIsASessionSetting() {
    return false; // each statement carries its own (max_statement_time, or the driver's timer)
  }
}
