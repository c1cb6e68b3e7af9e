package dev.seam.jdbc;

/** The Stream contract on MariaDB, through MySQL Connector/J. */
class MySqlDriverStreamTest extends StreamContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
