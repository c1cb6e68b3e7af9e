#!/usr/bin/env bash
# Runs SseReplicaBenchmark: one SSE broadcast stream to 1, 100 and 1,000 clients on three replicas
# (producer on A, clients on B and C) through Redis Streams and through PostgreSQL, next to the
# in-memory log (one replica), in one run: a burst (events/s) and paced runs at 100 and 1,000
# events/s (delivery p50/p99/max). Writes the tables to benchmarks/results/sse-replicas-jdk<N>.md
# (with the machine, date and load) and prints them.
#
#   benchmarks/sse-replicas.sh [subscriber counts...]     # default: 1 100 1000
#
# Redis: its own redis-server on 127.0.0.1:${SEAM_BENCH_REDIS_PORT:-6391} without persistence
# (what is measured is Seam and the Redis round trip, not the disk), stopped afterwards; set
# SEAM_REDIS_URL to measure another server instead (the CI one fsyncs every write: see README).
# PostgreSQL: the server of SEAM_PG_URL, or the one .ci/postgres.sh starts, on tables of the run's
# own that it drops afterwards; every append is a commit with that server's fsync settings.
# SEAM_BENCH_ENGINES=memory,redis,postgres picks the engines (sse-redis.sh: memory,redis);
# SEAM_BENCH_MAX_DELIVERIES (default 100000) caps rate x clients per paced run: above it the run
# uses fewer clients and says so.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

started=""
if [ -z "${SEAM_REDIS_URL:-}" ]; then
  port="${SEAM_BENCH_REDIS_PORT:-6391}"
  if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save '' --appendonly no \
      --logfile "${TMPDIR:-/tmp}/seam-bench-redis-$port.log"
    started="$port"
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export SEAM_REDIS_URL="redis://127.0.0.1:$port"
fi
trap '[ -n "$started" ] && redis-cli -p "$started" shutdown nosave >/dev/null 2>&1 || true' EXIT

engines="${SEAM_BENCH_ENGINES:-memory,redis,postgres}"
export SEAM_BENCH_ENGINES="$engines"
if [[ ",$engines," == *",postgres,"* ]] && [ -z "${SEAM_PG_URL:-}" ]; then
  . .ci/postgres.sh
fi

if [ ! -f benchmarks/target/benchmarks.jar ] || [ -n "${SEAM_BENCH_REBUILD:-}" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

java_bin="${JAVA:-java}"
jdk=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
out="benchmarks/results/${SEAM_BENCH_RESULT:-sse-replicas}-jdk$jdk.md"
mkdir -p benchmarks/results
{
  echo "<!-- $(date -u +%FT%TZ), $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f3), $SEAM_REDIS_URL, ${SEAM_PG_URL:-no PostgreSQL} -->"
  "$java_bin" -Xmx1g -cp benchmarks/target/benchmarks.jar dev.seam.benchmarks.sse.SseReplicaBenchmark "$@"
} | tee "$out"
