package dev.seam.jdbc;

/** {@link BackstopContract} on MariaDB, through MariaDB Connector/J. */
class MariaDbBackstopTest extends BackstopContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
