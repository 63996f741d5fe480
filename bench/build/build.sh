#!/usr/bin/env bash
# A 10-step Dockerfile built with `DOCKER_BUILDKIT=0 docker build` through berthd and through dockerd (Debian
# docker.io, its classic builder), cold (--no-cache) and warm (every step from the cache), in one run; prints the
# median wall times and the ratios berthd/dockerd. Root; not part of CI.
#   bench/build/build.sh [RUNS]
set -euo pipefail
shopt -s inherit_errexit
RUNS=${1:-5}
. "$(dirname "$0")/../engine/lib.sh"
bench_init build berth-engine
docker_archive busybox
# A bridge of its own, so the run never touches the berth0 of a berthd on the host (builds use no bridge).
start_berthd --bridge "bb$((RANDOM % 4096))" --bip "10.$((200 + RANDOM % 50)).$((RANDOM % 256)).1/24"
start_dockerd berth-bench-build
wait_daemons
for s in berthd dockerd; do on "$s" load -q -i "$work/busybox.tar" >/dev/null; done

ctx=$work/ctx
mkdir -p "$ctx/src"
for i in $(seq 20); do head -c 65536 /dev/urandom > "$ctx/src/f$i.bin"; done
echo 'echo app' > "$ctx/app.sh"
cat > "$ctx/Dockerfile" <<'DF'
FROM busybox
ARG VERSION=1
ENV APP_HOME=/app VERSION=$VERSION
WORKDIR /app
COPY src/ /app/src/
COPY app.sh /app/
RUN chmod +x /app/app.sh && sha256sum /app/src/* > /app/sums
RUN echo 'app:x:1000:1000::/app:/bin/sh' >> /etc/passwd
USER app
CMD ["/app/app.sh"]
DF

build() { # daemon mode -> median ms
  local flag="" samples="" t0
  [ "$2" = cold ] && flag=--no-cache
  DOCKER_BUILDKIT=0 on "$1" build -q -t bench:latest "$ctx" >/dev/null 2>"$work/first.err" \
    || { cat "$work/first.err" >&2; exit 1; }
  for i in $(seq "$RUNS"); do
    t0=$(now_ms)
    DOCKER_BUILDKIT=0 on "$1" build -q $flag -t bench:latest "$ctx" >/dev/null 2>&1
    samples="$samples $(($(now_ms) - t0))"
  done
  echo "$1 $2 runs(ms):$samples" >&2
  printf '%s\n' $samples | median
}

for mode in cold warm; do
  b=$(build berthd "$mode")
  d=$(build dockerd "$mode")
  echo "build_${mode}: berthd ${b} ms, dockerd ${d} ms, ratio $(ratio "$b" "$d") (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
