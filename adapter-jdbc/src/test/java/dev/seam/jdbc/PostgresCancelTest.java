package dev.seam.jdbc;

import org.junit.jupiter.api.BeforeAll;

/** {@link CancelContract} on the real PostgreSQL server. */
class PostgresCancelTest extends CancelContract {
  @BeforeAll
  static void requireServer() {
    Postgres.assumeReachable();
  }

  @Override
  Db db() {
    return new Postgres();
  }
}
