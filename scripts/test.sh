#!/usr/bin/env bash
# Runs the whole test suite (unit and integration tests against real skopeo, umoci, tar).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in gcc skopeo umoci zstd busybox runc conmon; do
  command -v "$tool" >/dev/null || { bash scripts/deps.sh; break; }
done
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $JAVA_HOME/bin/java ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
exec ./mvnw -B -ntp verify "$@"
