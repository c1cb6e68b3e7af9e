package dev.seam.jdbc;

/** {@link BackstopContract} on MariaDB, through MySQL Connector/J. */
class MySqlDriverBackstopTest extends BackstopContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
