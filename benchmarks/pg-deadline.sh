#!/usr/bin/env bash
# How soon a PostgreSQL query is gone from the server after its Seam deadline (not JMH: a real
# server). Starts the local PostgreSQL with .ci/postgres.sh, builds the benchmarks jar unless
# SKIP_BUILD=1, and writes benchmarks/results/pg-deadline.properties, which the report reads.
#
#   benchmarks/pg-deadline.sh                # 50 rounds x 4 callers, 100 ms deadline
#   ROUNDS=200 CALLERS=8 benchmarks/pg-deadline.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.ci/postgres.sh"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
cd "$here"
java -Drounds="${ROUNDS:-50}" -Dcallers="${CALLERS:-4}" -DdeadlineMs="${DEADLINE_MS:-100}" \
  -cp target/benchmarks.jar dev.seam.benchmarks.pg.PgDeadlineBenchmark
java "$here/report/Report.java" "$here/results" "$here/README.md"
