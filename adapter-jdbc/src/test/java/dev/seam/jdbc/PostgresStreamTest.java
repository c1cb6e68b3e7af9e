package dev.seam.jdbc;

import org.junit.jupiter.api.BeforeAll;

/** {@link StreamContract} on the real PostgreSQL server. */
class PostgresStreamTest extends StreamContract {
  @BeforeAll
  static void requireServer() {
    Postgres.assumeReachable();
  }

  @Override
  Db db() {
    return new Postgres();
  }
}
