#!/usr/bin/env bash
# How long a PostgreSQL query stays on the server after a Reactor timeout(...) fired, for
# Mono.fromCallable(...).subscribeOn(boundedElastic()) and for seam-reactor, side by side in one run
# (not JMH: a real server). Starts the local PostgreSQL with .ci/postgres.sh, builds the benchmarks
# jar unless SKIP_BUILD=1, and writes benchmarks/results/pg-reactor-timeout.properties.
#
#   benchmarks/pg-reactor-timeout.sh                 # 5 rounds x 4 callers each, pg_sleep(3), 200 ms
#   ROUNDS=10 CALLERS=8 SLEEP_S=5 benchmarks/pg-reactor-timeout.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.ci/postgres.sh"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
cd "$here"
java -Drounds="${ROUNDS:-5}" -Dcallers="${CALLERS:-4}" -DtimeoutMs="${TIMEOUT_MS:-200}" \
  -DsleepS="${SLEEP_S:-3}" -cp target/benchmarks.jar dev.seam.benchmarks.pg.PgReactorTimeoutBenchmark
