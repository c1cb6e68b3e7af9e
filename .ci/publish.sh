#!/usr/bin/env bash
# Proves that Seam can be published: deploys the published modules with the release profile to a
# file repository, checks the metadata Maven Central requires in every deployed POM and that each
# jar has its sources and javadoc jars, then builds a small consumer project (.ci/consumer) against
# that repository alone, with an empty local repository: no reactor, no ~/.m2 copy of Seam.
# Run from the repository root after a build (it reuses the compiled classes): bash .ci/publish.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work="${SEAM_PUBLISH_DIR:-$(mktemp -d)}"
repo="$work/repository"
rm -rf "$repo" "$work/m2"
mkdir -p "$repo"

echo "== deploy the published modules (-Dseam.library -Prelease) to $repo"
mvn -B -q deploy -Dseam.library -Prelease -DskipTests -DaltDeploymentRepository="local::file://$repo"

echo "== check every deployed POM and its jars"
fail=0
poms=$(find "$repo" -name '*.pom' | sort)
[ -n "$poms" ] || { echo "FAIL: nothing was deployed" >&2; exit 1; }
for pom in $poms; do
  artifact=$(basename "$(dirname "$(dirname "$pom")")")
  before=$fail
  for element in name description url licenses developers scm; do
    grep -Eq "<$element[ >]" "$pom" || { echo "FAIL: $artifact's POM has no <$element>" >&2; fail=1; }
  done
  # A flattened POM names no parent: a consumer needs nothing that is not published.
  if grep -q "<parent>" "$pom"; then echo "FAIL: $artifact's POM refers to a parent" >&2; fail=1; fi
  if grep -q '\${' "$pom"; then echo "FAIL: $artifact's POM has an unresolved property" >&2; fail=1; fi
  case "$artifact" in
    seam-examples|seam-examples-kotlin|seam-reliability|seam-benchmarks|seam-test-support|seam-parent|seam-spring-boot-common-source)
      echo "FAIL: $artifact must never be published" >&2; fail=1 ;;
  esac
  if grep -q "<packaging>pom</packaging>" "$pom"; then
    [ "$fail" -ne "$before" ] || echo "ok   $artifact (pom)"
    continue
  fi
  base="${pom%.pom}"
  for suffix in .jar -sources.jar -javadoc.jar; do
    [ -s "$base$suffix" ] || { echo "FAIL: $artifact has no ${suffix#-}" >&2; fail=1; }
  done
  if unzip -l "$base-javadoc.jar" | grep -q '/internal/'; then
    echo "FAIL: $artifact's javadoc documents an internal package" >&2; fail=1
  fi
  [ "$fail" -ne "$before" ] || echo "ok   $artifact: metadata, jar, sources, javadoc"
done
[ "$fail" -eq 0 ] || exit 1

echo "== the aggregated javadoc of the public API (javadoc warnings fail it)"
mvn -B -q -Dseam.library org.apache.maven.plugins:maven-javadoc-plugin:aggregate
if find target/reports/apidocs -path '*/internal/*' | grep -q .; then
  echo "FAIL: the aggregated javadoc documents an internal package" >&2
  exit 1
fi
echo "javadoc: $(find target/reports/apidocs -name package-summary.html | wc -l) public packages in target/reports/apidocs/index.html"

echo "== build the consumer project against that repository alone"
mvn -B -q -f .ci/consumer/pom.xml -Dmaven.repo.local="$work/m2" -Dseam.repo="file://$repo" verify
if [ -d "$work/m2/dev/seam" ] && find "$work/m2/dev/seam" -name '*.jar' | grep -q .; then
  echo "consumer: built and tested against $(find "$work/m2/dev/seam" -name '*.jar' | wc -l) Seam jars from the file repository"
else
  echo "FAIL: the consumer resolved no Seam jar from the file repository" >&2
  exit 1
fi
