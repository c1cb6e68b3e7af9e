#!/usr/bin/env bash
# SSE load: Seam's SseServlet and Spring MVC's SseEmitter on Jetty 12, the same blocking producer
# (10 events/s per stream), one load client JVM (JDK 17, HttpClient, 2 threads) on the same machine.
# Prints one Markdown row per (JDK and thread mode, server, streams) and appends them to
# benchmarks/results/sse-load.md.
#
#   benchmarks/sse-load.sh [streams...]          default: 500 2000
#
# CASES   JDK:mode pairs, default "17:platform 25:virtual"
# SERVERS default "seam spring"
# WARMUP / MEASURE seconds (default 10 / 20); DEAD percent of clients that stop reading (default 0)
# JAVA17 / JAVA25 override where each JDK is found; SKIP_BUILD=1 reuses target/benchmarks.jar;
# JAR=path runs another build of it (an A/B comparison of two commits).
# IDLE=1 idle streams: one event each, then only keep-alives (Seam's every 15 s; Spring sends none)
# SERVER_OPTS extra JVM options for the server (JFR, GC logs), split on spaces; %s in them becomes
# the run's name (server-JDK-mode-streams), for one recording or log per run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
counts=("$@")
[[ ${#counts[@]} -eq 0 ]] && counts=(500 2000)
cases=${CASES:-"17:platform 25:virtual"}
servers=${SERVERS:-"seam spring"}
warmup=${WARMUP:-10}
measure=${MEASURE:-20}
dead=${DEAD:-0}
port=${PORT:-18090}
idle=${IDLE:-}
rate=10
idle_opt=()
if [[ -n "$idle" ]]; then
  rate=0
  idle_opt=(-Dseam.bench.idle=true)
fi

java_for() {
  case "$1" in
    17) echo "${JAVA17:-$(ls -d /usr/lib/jvm/java-17-openjdk* 2>/dev/null | head -1)}/bin/java" ;;
    25) echo "${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}/bin/java" ;;
  esac
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building benchmarks/target/benchmarks.jar" >&2
  (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
jar=${JAR:-"$here/target/benchmarks.jar"}
client_java=$(java_for 17)
mkdir -p "$here/results"
out="$here/results/sse-load.md"
{
  echo
  echo "<!-- $(date -u +%Y-%m-%dT%H:%M:%SZ) $0 ${counts[*]} CASES='$cases' SERVERS='$servers'" \
    "WARMUP=$warmup MEASURE=$measure DEAD=$dead${idle:+ IDLE=1}; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg) -->"
} >> "$out"

server_pid=
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

for c in $cases; do
  jdk=${c%%:*}
  mode=${c##*:}
  java=$(java_for "$jdk")
  for s in $servers; do
    for n in "${counts[@]}"; do
      log="$here/results/sse-server-$s-$jdk-$mode-$n.log"
      name="$s-$jdk-$mode-$n"
      server_opts=${SERVER_OPTS:-}
      read -r -a opts <<< "${server_opts//%s/$name}"
      "$java" -Xms1g -Xmx1g ${idle_opt[@]+"${idle_opt[@]}"} ${opts[@]+"${opts[@]}"} -cp "$jar" dev.seam.benchmarks.sse.LoadServer "$s" "$mode" "$port" \
        $((n + 100)) > "$log" 2>&1 &
      server_pid=$!
      for _ in $(seq 1 100); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/stats"; then break; fi
        sleep 0.2
      done
      label="$s, JDK $jdk $mode${idle:+, idle}"
      "$client_java" -Xmx1g -cp "$jar" dev.seam.benchmarks.sse.LoadClient \
        "http://127.0.0.1:$port" "$n" "$warmup" "$measure" "$dead" "$label" "$rate" | tee -a "$out"
      stop_server
    done
  done
done
