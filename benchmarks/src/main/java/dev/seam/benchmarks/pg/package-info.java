/**
 * How soon a PostgreSQL query is gone from the server after its Seam deadline: a load run against a
 * real server, not JMH ({@link dev.seam.benchmarks.pg.PgDeadlineBenchmark}).
 */
package dev.seam.benchmarks.pg;
