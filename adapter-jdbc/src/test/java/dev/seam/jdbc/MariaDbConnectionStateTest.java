package dev.seam.jdbc;

/** {@link ConnectionStateContract} on MariaDB, through MariaDB Connector/J. */
class MariaDbConnectionStateTest extends ConnectionStateContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
