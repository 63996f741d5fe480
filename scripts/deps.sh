#!/usr/bin/env bash
# Installs the Debian packages Berth's build, tests and quickstart use (root; apt-get update first).
set -euo pipefail
packages=(
  gcc libc6-dev          # the static hello-world test image
  busybox-static         # the busybox test image
  skopeo umoci           # real OCI clients the tests check our layouts and registry against
  tar gzip zstd          # reference tools the layer tests compare with
  runc conmon containernetworking-plugins
  iptables iproute2      # network isolation rules, removal of bridges the CNI plugin created
  crun                   # the alternative OCI runtime (--runtime crun)
  tini procps            # --init's /sbin/docker-init (tini-static); ps for docker top
  docker-registry        # CNCF distribution, the reference registry for benchmarks
  docker.io              # dockerd: docker push/pull tests and the benchmarks' reference engine
  wrk curl               # bench/registry.sh; raw HTTP over berthd's socket in tests
  tmux                   # berth run -it is tested on a real pseudo-terminal
  python3                # the build tests stream a 1 GiB context made on the fly
  chromium               # headless browser the registry's web page is tested in
  apache2-utils openssl  # htpasswd and token-signing certificates for the auth tests
)
export DEBIAN_FRONTEND=noninteractive
# The multi-arch test image takes Debian's arm64 busybox-static.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
