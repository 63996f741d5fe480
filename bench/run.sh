#!/usr/bin/env bash
# Runs Berth's JMH benchmarks next to their references and prints MB/s and ratios (root; not part of CI).
#   bench/run.sh [JMH regexp]     e.g. bench/run.sh LayerApplyBench
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B -ntp -Pbench -DskipTests package -pl berth-oci,bench -am
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
scripts/make-test-images.sh "$images" >&2
out=$(mktemp -d)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dbench.images="$images" \
  -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" org.openjdk.jmh.Main \
  -rf json -rff "$out/jmh.json" "${1:-.}" >&2
python3 bench/report.py "$out/jmh.json" "$images"
