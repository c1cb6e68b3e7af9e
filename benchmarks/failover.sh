#!/usr/bin/env bash
# Failover run: a broadcast stream on Redis Streams (or PostgreSQL) across three replicas; the replica every client
# watches is a JVM of its own and is killed (SIGKILL) mid-stream; the clients reconnect, as an
# EventSource behind a load balancer does (after 3 s), to the next replica with their last id.
# Prints events/s, clients, reconnect time p50/p99 (kill to first event on the next replica),
# gaps and duplicates, and appends the line to benchmarks/results/failover.md.
#
#   benchmarks/failover.sh [clients] [events/s] [events]     default: 200 100 3000
#   SEAM_FAILOVER_ENGINE=postgres benchmarks/failover.sh ...  the same on PostgreSQL
#
# Runs adapter-sse-redis's FailoverTest through the reactor (no install) against the Redis at
# SEAM_REDIS_URL, or one started by .ci/redis.sh; with SEAM_FAILOVER_ENGINE=postgres,
# adapter-sse-postgres's FailoverTest against SEAM_PG_URL, or the server .ci/postgres.sh starts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
clients=${1:-200}
rate=${2:-100}
events=${3:-3000}
engine=${SEAM_FAILOVER_ENGINE:-redis}
case "$engine" in
  redis)
    module=adapter-sse-redis
    [ -n "${SEAM_REDIS_URL:-}" ] || . .ci/redis.sh ;;
  postgres)
    module=adapter-sse-postgres
    [ -n "${SEAM_PG_URL:-}" ] || . .ci/postgres.sh ;;
  *) echo "failover.sh: SEAM_FAILOVER_ENGINE is redis or postgres, not '$engine'" >&2; exit 2 ;;
esac
mkdir -p benchmarks/results
log=$(mktemp)
mvn -B -q -pl "$module" -am test -Dtest=FailoverTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dseam."$engine".required=true -Dseam.failover.clients="$clients" -Dseam.failover.rate="$rate" \
  -Dseam.failover.events="$events" -Dseam.failover.exactReconnects=false >"$log" 2>&1 || { cat "$log"; exit 1; }
line=$(grep -o 'failover: .*' "$log" | tail -1)
# Why clients needed more than one reconnect, from the replicas' own logs (one line per stream).
why=$(grep -o 'refused - SSE [^:]*: [a-z ]*(ref [0-9a-f]*): .*\|closed after [^:]*: .*' "$log" \
  | sed -e 's/.*(ref [0-9a-f]*): //' -e 's/.*closed after [^:]*: //' -e 's/[0-9][0-9]*/N/g' \
    -e 's/(key [^)]*)//' -e 's/^\(.\{160\}\).*/\1.../' \
  | sort | uniq -c | sort -rn | head -5 | awk '{$1=$1; print}' | paste -sd ';' -)
rm -f "$log"
line="$engine $line; stream ends and refusals on the replicas: ${why:-none}"
echo "- $(date -u +%FT%TZ), $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg): $line" \
  | tee -a benchmarks/results/failover.md
