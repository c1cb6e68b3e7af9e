package dev.seam.jdbc;

import org.junit.jupiter.api.BeforeAll;

/** {@link QueryContract} on the real PostgreSQL server. */
class PostgresQueryTest extends QueryContract {
  @BeforeAll
  static void requireServer() {
    Postgres.assumeReachable();
  }

  @Override
  Db db() {
    return new Postgres();
  }
}
