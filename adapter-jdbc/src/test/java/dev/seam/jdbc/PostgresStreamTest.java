package dev.seam.jdbc;

/** {@link StreamContract} on the real PostgreSQL server. */
class PostgresStreamTest extends StreamContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
