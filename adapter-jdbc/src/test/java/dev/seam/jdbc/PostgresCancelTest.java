package dev.seam.jdbc;

/** {@link CancelContract} on the real PostgreSQL server. */
class PostgresCancelTest extends CancelContract {
  @Override
  Db db() {
    return new Postgres();
  }
}
