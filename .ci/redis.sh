#!/usr/bin/env bash
# Starts a local redis-server for the SSE-on-Redis tests and exports where to find it. Source it:
#   . .ci/redis.sh
# Idempotent: installs the Debian package if missing (only as root), starts redis-server on a
# loopback port if nothing answers there, with an append-only file fsynced on every write, so that
# the tests that restart Redis can check that nothing acknowledged is lost.
# Exports SEAM_REDIS_URL (redis://127.0.0.1:<port>), which the Redis tests read.

seam_redis_port="${SEAM_REDIS_PORT:-6390}"
seam_redis_dir="${SEAM_REDIS_DIR:-${TMPDIR:-/tmp}/seam-redis-$seam_redis_port}"

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "redis.sh: redis-server is not installed and this is not root; install 'redis-server'" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "== installing Redis (apt-get install redis-server)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null
fi

if ! redis-cli -h 127.0.0.1 -p "$seam_redis_port" ping >/dev/null 2>&1; then
  echo "== starting redis-server on 127.0.0.1:$seam_redis_port (data in $seam_redis_dir)"
  mkdir -p "$seam_redis_dir"
  redis-server --bind 127.0.0.1 --port "$seam_redis_port" --daemonize yes \
    --dir "$seam_redis_dir" --save '' --appendonly yes --appendfsync always \
    --logfile "$seam_redis_dir/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$seam_redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! redis-cli -h 127.0.0.1 -p "$seam_redis_port" ping >/dev/null 2>&1; then
    echo "redis.sh: redis-server did not answer on port $seam_redis_port (see $seam_redis_dir/redis.log)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi

export SEAM_REDIS_URL="redis://127.0.0.1:$seam_redis_port"
echo "== Redis ready: $SEAM_REDIS_URL ($(redis-server --version | cut -d' ' -f3))"
