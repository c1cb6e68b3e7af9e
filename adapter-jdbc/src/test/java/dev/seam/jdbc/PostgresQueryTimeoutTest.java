package dev.seam.jdbc;

/** {@link QueryTimeoutContract} on PostgreSQL, where pgjdbc keeps the timeout per statement. */
class PostgresQueryTimeoutTest extends QueryTimeoutContract {
  @Override
  Db db() {
    return new Postgres();
  }

  @Override
  boolean timeoutIsASessionSetting() {
    return false;
  }
}
