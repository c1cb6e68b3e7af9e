package dev.seam.jdbc;

/** {@link ConnectionStateContract} on the real PostgreSQL server. */
class PostgresConnectionStateTest extends ConnectionStateContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
