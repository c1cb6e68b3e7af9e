package dev.seam.jdbc;

/** The Query contract on MariaDB, through MySQL Connector/J. */
class MySqlDriverQueryTest extends QueryContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
