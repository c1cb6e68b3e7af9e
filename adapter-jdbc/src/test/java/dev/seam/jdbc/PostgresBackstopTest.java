package dev.seam.jdbc;

/** {@link BackstopContract} on the real PostgreSQL server. */
class PostgresBackstopTest extends BackstopContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
