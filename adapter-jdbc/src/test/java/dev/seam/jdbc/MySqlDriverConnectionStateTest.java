package dev.seam.jdbc;

/** {@link ConnectionStateContract} on MariaDB, through MySQL Connector/J. */
class MySqlDriverConnectionStateTest extends ConnectionStateContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
