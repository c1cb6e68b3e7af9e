package dev.seam.jdbc;

/** {@link CommitContract} on the real PostgreSQL server. */
class PostgresCommitTest extends CommitContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
