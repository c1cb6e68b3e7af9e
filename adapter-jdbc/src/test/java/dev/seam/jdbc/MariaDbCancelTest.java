package dev.seam.jdbc;

/** The Cancel contract on MariaDB, through MariaDB Connector/J. */
class MariaDbCancelTest extends CancelContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
