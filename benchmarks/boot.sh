#!/usr/bin/env bash
# The Spring Boot starter measured on a real Boot 4 application (not JMH: real servers, sockets and
# PostgreSQL): graceful shutdown with open SSE streams, Seam's SseProducer beside SseEmitter, and
# client disconnect to PostgreSQL cancel. Starts the local PostgreSQL with .ci/postgres.sh, builds
# benchmarks/spring-boot unless SKIP_BUILD=1, and prints the figures (copied by hand into
# benchmarks/README.md, "Spring Boot").
#
#   benchmarks/boot.sh                        # both, on Tomcat and on Jetty
#   STREAMS=1000 SERVERS=jetty TRIES=50 benchmarks/boot.sh
#   ONLY=disconnect benchmarks/boot.sh         # the disconnect figures alone
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.ci/postgres.sh"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -pl benchmarks/spring-boot -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests)
fi
cd "$here/spring-boot"
cp="target/classes:$(cat target/classpath.txt)"
for server in ${SERVERS:-tomcat jetty}; do
  if [[ "${ONLY:-}" != disconnect ]]; then
  echo "== shutdown with open streams on $server"
  java -Xss256k -Dserver="$server" -Dstreams="${STREAMS:-1000}" -Dcap="${CAP:-40}" \
    -cp "$cp" dev.seam.benchmarks.boot.BootShutdownBenchmark
  fi
  echo "== disconnect to cancel on $server"
  java -Dserver="$server" -Dtries="${TRIES:-200}" -Dmode=seam \
    -cp "$cp" dev.seam.benchmarks.boot.BootDisconnectBenchmark
  java -Dserver="$server" -Dtries=20 -DtimeoutMs="${TIMEOUT_MS:-1000}" -Dmode=timeout \
    -cp "$cp" dev.seam.benchmarks.boot.BootDisconnectBenchmark
  java -Dserver="$server" -Dtries=5 -Dmode=plain \
    -cp "$cp" dev.seam.benchmarks.boot.BootDisconnectBenchmark
done
