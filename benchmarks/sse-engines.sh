#!/usr/bin/env bash
# Runs SseEngineBenchmark: Redis Streams and PostgreSQL as SSE event logs in one run, appends/s
# for one publisher and server calls (Redis commands, PostgreSQL statements) per event on the
# appending and on a following replica. Writes benchmarks/results/sse-engines-jdk<N>.md (with the
# machine, date and load) and prints it.
#
#   benchmarks/sse-engines.sh [events]     # default: 5000
#
# Redis: its own redis-server on 127.0.0.1:${SEAM_BENCH_REDIS_PORT:-6391} without persistence
# (commandstats are reset, so never point it at a shared server), as sse-replicas.sh does.
# PostgreSQL: the server of SEAM_PG_URL (source .ci/postgres.sh first), on tables of its own that
# it drops afterwards; every append is a commit with that server's fsync settings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

port="${SEAM_BENCH_REDIS_PORT:-6391}"
started=""
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save '' --appendonly no \
    --logfile "${TMPDIR:-/tmp}/seam-bench-redis-$port.log"
  started="$port"
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export SEAM_REDIS_URL="redis://127.0.0.1:$port"
trap '[ -n "$started" ] && redis-cli -p "$started" shutdown nosave >/dev/null 2>&1 || true' EXIT

if [ ! -f benchmarks/target/benchmarks.jar ] || [ -n "${SEAM_BENCH_REBUILD:-}" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

java_bin="${JAVA:-java}"
jdk=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
out="benchmarks/results/sse-engines-jdk$jdk.md"
mkdir -p benchmarks/results
{
  echo "<!-- $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Redis without persistence, PostgreSQL ${SEAM_PG_URL:-default} -->"
  "$java_bin" -Xmx1g -cp benchmarks/target/benchmarks.jar dev.seam.benchmarks.sse.SseEngineBenchmark "$@"
} | tee "$out"
