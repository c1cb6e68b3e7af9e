package dev.seam.jdbc;

/** The Query contract on MariaDB, through MariaDB Connector/J. */
class MariaDbQueryTest extends QueryContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
