package dev.seam.benchmarks.mariadb;

import dev.seam.benchmarks.DeadlineExit;

/**
 * A MariaDB query stopped by its deadline, measured on the server, as {@code PgDeadlineBenchmark}
 * does for PostgreSQL: {@code callers} threads each run {@code SELECT SLEEP(10)} through {@code
 * AsyncJdbc} (MariaDB Connector/J, whose {@code Statement.cancel()} sends {@code KILL QUERY} on
 * another connection) with a {@code deadlineMs} deadline, {@code rounds} times; a watcher on its
 * own connection polls {@code information_schema.processlist} every millisecond for each caller's
 * query (each carries its own comment) and records when it is gone. Lateness is "gone" minus
 * "deadline" (submission + the deadline): what the "query gone ≤ 50 ms p99 after the
 * deadline" asks about. The future's failure time is recorded too.
 *
 * <p>Reads {@code SEAM_MARIADB_URL}, {@code SEAM_MARIADB_USER} and {@code SEAM_MARIADB_PASSWORD}
 * (as the tests do; {@code benchmarks/mariadb-deadline.sh} starts the server). Writes {@code
 * benchmarks/results/mariadb-deadline.properties}.
 */
public final class MariaDbDeadlineBenchmark {
  private MariaDbDeadlineBenchmark() {}

  public static void main(String[] args) throws Exception {
    DeadlineExit.run(
        new DeadlineExit.Server(
            "mariadb-deadline",
            "SEAM_MARIADB_",
            "run benchmarks/mariadb-deadline.sh, or . .ci/mariadb.sh",
            "SLEEP(10)",
            "SELECT info FROM information_schema.processlist"
                + " WHERE command = 'Query' AND info LIKE ? AND id <> CONNECTION_ID()",
            "information_schema.processlist",
            "MariaDbDeadlineBenchmark (benchmarks/mariadb-deadline.sh)"));
  }
}
