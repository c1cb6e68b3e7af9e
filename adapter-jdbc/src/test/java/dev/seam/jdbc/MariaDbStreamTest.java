package dev.seam.jdbc;

/** The Stream contract on MariaDB, through MariaDB Connector/J. */
class MariaDbStreamTest extends StreamContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
