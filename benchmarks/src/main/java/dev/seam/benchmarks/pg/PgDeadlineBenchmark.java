package dev.seam.benchmarks.pg;

import dev.seam.benchmarks.DeadlineExit;

/**
 * A PostgreSQL query stopped by its deadline, measured on the server: {@code callers} threads each
 * run {@code SELECT pg_sleep(10)} through {@code AsyncJdbc} with a {@code deadlineMs} deadline,
 * {@code rounds} times; a watcher on its own connection polls {@code pg_stat_activity} every
 * millisecond for each caller's query (each carries its own comment) and records when it is gone.
 * Lateness is "gone" minus "deadline" (submission + the deadline): what the "query gone ≤
 * 50 ms p99 after the deadline" asks about. The future's failure time is recorded too.
 *
 * <p>Reads {@code SEAM_PG_URL}, {@code SEAM_PG_USER} and {@code SEAM_PG_PASSWORD} (as the tests do;
 * {@code benchmarks/pg-deadline.sh} starts the server). Writes {@code
 * benchmarks/results/pg-deadline.properties}, which the report reads.
 */
public final class PgDeadlineBenchmark {
  private PgDeadlineBenchmark() {}

  public static void main(String[] args) throws Exception {
    DeadlineExit.run(
        new DeadlineExit.Server(
            "pg-deadline",
            "SEAM_PG_",
            "run benchmarks/pg-deadline.sh, or . .ci/postgres.sh",
            "pg_sleep(10)",
            "SELECT query FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?",
            "pg_stat_activity",
            "PgDeadlineBenchmark; read by benchmarks/report/Report.java"));
  }
}
