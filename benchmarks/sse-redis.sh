#!/usr/bin/env bash
# Runs SseReplicaBenchmark: one SSE broadcast stream to 1, 100 and 1,000 clients through Redis
# Streams across two replicas, next to the in-memory log, in one run. Writes the table to
# benchmarks/results/sse-redis-jdk<N>.md (with the machine, date and load) and prints it.
#
#   benchmarks/sse-redis.sh [subscriber counts...]     # default: 1 100 1000
#
# It starts its own redis-server on 127.0.0.1:${SEAM_BENCH_REDIS_PORT:-6391} without persistence
# (what is measured is Seam and the Redis round trip, not the disk) and stops it afterwards; set
# SEAM_REDIS_URL to measure another server instead (the CI one fsyncs every write: see README).
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

if [ ! -f benchmarks/target/benchmarks.jar ] || [ -n "${SEAM_BENCH_REBUILD:-}" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

java_bin="${JAVA:-java}"
jdk=$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
out="benchmarks/results/sse-redis-jdk$jdk.md"
mkdir -p benchmarks/results
{
  echo "<!-- $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f3), $SEAM_REDIS_URL -->"
  "$java_bin" -Xmx1g -cp benchmarks/target/benchmarks.jar dev.seam.benchmarks.sse.SseReplicaBenchmark "$@"
} | tee "$out"
