package dev.seam.jdbc;

/** The Cancel contract on MariaDB, through MySQL Connector/J. */
class MySqlDriverCancelTest extends CancelContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
