package dev.seam.jdbc;

/** {@link QueryContract} on the real PostgreSQL server. */
class PostgresQueryTest extends QueryContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
