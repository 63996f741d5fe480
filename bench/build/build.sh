#!/usr/bin/env bash
# A 10-step Dockerfile built with `DOCKER_BUILDKIT=0 docker build` through berthd and through dockerd (Debian
# docker.io, its classic builder), cold (--no-cache) and warm (every step from the cache), in one run; prints the
# median wall times and the ratios berthd/dockerd. Root; not part of CI.
#   bench/build/build.sh [RUNS]
set -euo pipefail
shopt -s inherit_errexit
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
work=$(mktemp -d /tmp/berth-bench-build.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/make-test-images.sh" "$images" >&2
[ -f "$root/berth-engine/target/berth-engine-0.1.0-SNAPSHOT.jar" ] || \
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl berth-engine -am)
skopeo copy -q "oci:$images/busybox:latest" "docker-archive:$work/busybox.tar:busybox:latest"

# A bridge of its own, so the run never touches the berth0 of a berthd on the host (builds use no bridge).
"$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" --bridge "bb$((RANDOM % 4096))" \
  --bip "10.$((200 + RANDOM % 50)).$((RANDOM % 256)).1/24" >"$work/berthd.log" 2>&1 & pids+=($!)
/usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/dockerd.sock" --bridge=none --iptables=false --ip6tables=false \
  --containerd-namespace berth-bench-build --containerd-plugins-namespace berth-bench-build-p \
  >"$work/dockerd.log" 2>&1 & pids+=($!)
for s in berthd dockerd; do
  for i in $(seq 150); do DOCKER_HOST=unix://$work/$s.sock docker version >/dev/null 2>&1 && break; sleep 0.2; done
  DOCKER_HOST=unix://$work/$s.sock docker load -q -i "$work/busybox.tar" >/dev/null
done

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

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

build() { # daemon mode -> median ms
  local host=unix://$work/$1.sock flag="" samples=""
  [ "$2" = cold ] && flag=--no-cache
  DOCKER_HOST=$host DOCKER_BUILDKIT=0 docker build -q -t bench:latest "$ctx" >/dev/null 2>"$work/first.err" \
    || { cat "$work/first.err" >&2; exit 1; }
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    DOCKER_HOST=$host DOCKER_BUILDKIT=0 docker build -q $flag -t bench:latest "$ctx" >/dev/null 2>&1
    t1=$(date +%s%N)
    samples="$samples $(( (t1 - t0) / 1000000 ))"
  done
  echo "$1 $2 runs(ms):$samples" >&2
  printf '%s\n' $samples | median
}

for mode in cold warm; do
  b=$(build berthd "$mode")
  d=$(build dockerd "$mode")
  ratio=$(awk -v b="$b" -v d="$d" 'BEGIN{printf "%.2f", b/d}')
  echo "build_${mode}: berthd ${b} ms, dockerd ${d} ms, ratio ${ratio} (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
