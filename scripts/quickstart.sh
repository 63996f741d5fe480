#!/usr/bin/env bash
# Builds Berth and runs its main job: builds the test images (hello-world, busybox, a multi-arch busybox index, a
# multi-layer image) as OCI layouts, then shows each image's structure — index → manifest per platform → config and
# layers — with `berth image tree`. Root (it installs Debian packages if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in gcc busybox skopeo umoci; do
  command -v "$tool" >/dev/null || { bash scripts/deps.sh; break; }
done
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $JAVA_HOME/bin/java ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
./mvnw -q -B -ntp -DskipTests package
images=${BERTH_TEST_IMAGES:-target/test-images}
bash scripts/make-test-images.sh "$images"
for image in hello-world busybox-multiarch multi-layer; do
  echo
  bin/berth image tree "oci:$images/$image:latest"
done
