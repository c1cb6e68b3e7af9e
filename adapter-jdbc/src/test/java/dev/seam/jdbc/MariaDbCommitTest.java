package dev.seam.jdbc;

/** The Commit contract on MariaDB, through MariaDB Connector/J. */
class MariaDbCommitTest extends CommitContract {
  @Override
  Db db() {
    return MariaDb.MARIADB_DRIVER;
  }
}
