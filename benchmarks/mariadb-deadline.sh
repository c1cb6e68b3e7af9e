#!/usr/bin/env bash
# How soon a query is gone from the server after its Seam deadline, on MariaDB (KILL QUERY from
# MariaDB Connector/J) and on PostgreSQL (a cancel request from pgjdbc) in the same run, so the two
# are measured under the same load. Not JMH: real servers. Starts both with .ci/mariadb.sh and
# .ci/postgres.sh, builds the benchmarks jar unless SKIP_BUILD=1, and writes
# benchmarks/results/mariadb-deadline.properties and pg-deadline-beside-mariadb.properties.
#
#   benchmarks/mariadb-deadline.sh               # 100 rounds x 4 callers = 400 queries each, 100 ms
#   ROUNDS=200 CALLERS=8 benchmarks/mariadb-deadline.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.ci/postgres.sh"
. "$root/.ci/mariadb.sh"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
cd "$here"
args=(-Drounds="${ROUNDS:-100}" -Dcallers="${CALLERS:-4}" -DdeadlineMs="${DEADLINE_MS:-100}")
java "${args[@]}" -cp target/benchmarks.jar dev.seam.benchmarks.mariadb.MariaDbDeadlineBenchmark
# Its own file: results/pg-deadline.properties stays what pg-deadline.sh measured for the report.
java "${args[@]}" -Dout=results/pg-deadline-beside-mariadb.properties \
  -cp target/benchmarks.jar dev.seam.benchmarks.pg.PgDeadlineBenchmark
