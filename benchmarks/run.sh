#!/usr/bin/env bash
# Runs the whole benchmark suite in one JMH run per JDK, writes JSON under benchmarks/results/ and
# regenerates the results section of benchmarks/README.md from it.
#
#   benchmarks/run.sh [quick|full] [17|25|both]
#
# quick: one fork, 2 x 1 s warm-up, 6 x 0.5 s measurement, call-site depths 0 and 60 (about 5 minutes
#        on 2 cores). full: three forks, 3 x 1 s warm-up, 5 x 1 s measurement, every depth.
# JAVA17 and JAVA25 override where each JDK is found. Extra JMH options go in JMH_EXTRA.
set -euo pipefail

mode=${1:-quick}
jdks=${2:-17}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

case "$mode" in
  quick) jmh_opts=(-f 1 -wi 2 -w 1s -i 6 -r 500ms -p depth=0,60) ;;
  full) jmh_opts=(-f 3 -wi 3 -w 1s -i 5 -r 1s) ;;
  *) echo "usage: $0 [quick|full] [17|25|both]" >&2; exit 2 ;;
esac
case "$jdks" in
  17) versions=(17) ;;
  25) versions=(25) ;;
  both) versions=(17 25) ;;
  *) echo "usage: $0 [quick|full] [17|25|both]" >&2; exit 2 ;;
esac

java_home_for() {
  case "$1" in
    17) echo "${JAVA17:-$(ls -d /usr/lib/jvm/java-17-openjdk* 2>/dev/null | head -1)}" ;;
    25) echo "${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}" ;;
  esac
}

echo "== building benchmarks/target/benchmarks.jar"
(cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)

mkdir -p "$here/results"
for v in "${versions[@]}"; do
  home=$(java_home_for "$v")
  if [[ -z "$home" || ! -x "$home/bin/java" ]]; then
    echo "no JDK $v found (set JAVA$v)" >&2
    exit 1
  fi
  out="results/$mode-jdk$v.json"
  cmd=("$home/bin/java" -jar target/benchmarks.jar "${jmh_opts[@]}" ${JMH_EXTRA:-} -prof gc -rf json -rff "$out")
  echo "== JDK $v: ${cmd[*]}"
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "command=cd benchmarks && ${cmd[*]}"
    echo "script=benchmarks/run.sh $mode $jdks"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "cores=$(nproc)"
    echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "os=$(uname -sr)"
    echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
  } > "$here/results/$mode-jdk$v.properties"
  (cd "$here" && "${cmd[@]}")
  echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$here/results/$mode-jdk$v.properties"
done

echo "== regenerating benchmarks/README.md"
"$(java_home_for 17)/bin/java" "$here/report/Report.java" "$here/results" "$here/README.md"
