#!/usr/bin/env bash
# The in-memory log and Redis Streams only: sse-replicas.sh without PostgreSQL, writing
# benchmarks/results/sse-redis-jdk<N>.md as before.
#
#   benchmarks/sse-redis.sh [subscriber counts...]     # default: 1 100 1000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SEAM_BENCH_ENGINES="${SEAM_BENCH_ENGINES:-memory,redis}" SEAM_BENCH_RESULT=sse-redis \
  exec "$here/sse-replicas.sh" "$@"
