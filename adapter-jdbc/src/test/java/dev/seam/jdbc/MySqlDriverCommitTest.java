package dev.seam.jdbc;

/** The Commit contract on MariaDB, through MySQL Connector/J. */
class MySqlDriverCommitTest extends CommitContract {
  @Override
  Db db() {
    return MariaDb.MYSQL_DRIVER;
  }
}
