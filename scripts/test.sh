#!/usr/bin/env bash
# Runs the whole test suite (unit and integration tests, real skopeo/umoci/tar).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $JAVA_HOME/bin/java ]] || JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
exec ./mvnw -B -ntp verify "$@"
