#!/usr/bin/env bash
# Networking through berthd and through dockerd (Debian docker.io) in one run (root; not part of CI):
#   1. HTTP requests/s through a published port: wrk -> 127.0.0.1:PORT -> busybox httpd in a container on a
#      user-defined network (berthd's Netty proxy vs docker-proxy);
#   2. container start time (docker run --rm busybox true, median wall ms) on a user-defined network vs --network none.
#   bench/engine/network.sh [RUNS] [WRK_SECONDS]
# Both daemons get bridges and subnets of their own (10.253.0.0/24 and 10.252.0.0/24, default bridge 10.251.0.0/24), dockerd without iptables rules,
# so nothing but the bench's own bridges is touched; everything is removed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-10}
SECONDS_WRK=${2:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
work=$(mktemp -d /tmp/berth-bench-net.XXXXXX)
pids=()
cleanup() {
  for s in berthd dockerd; do
    [ -S "$work/$s.sock" ] || continue
    DOCKER_HOST=unix://$work/$s.sock docker rm -f $(DOCKER_HOST=unix://$work/$s.sock docker ps -aq) >/dev/null 2>&1 || true
    DOCKER_HOST=unix://$work/$s.sock docker network rm benchnet >/dev/null 2>&1 || true
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/make-test-images.sh" "$images" >&2
[ -f "$root/berth-engine/target/berth-engine-0.1.0-SNAPSHOT.jar" ] || \
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl berth-engine -am)
skopeo copy -q "oci:$images/busybox:latest" "docker-archive:$work/busybox.tar:busybox:latest"

"$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" --bridge bbench0 \
  --bip 10.251.0.1/24 --ip 127.0.0.1 >"$work/berthd.log" 2>&1 & pids+=($!)
/usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/dockerd.sock" --bridge=none --iptables=false --ip6tables=false --ip 127.0.0.1 \
  --containerd-namespace berth-bench-net --containerd-plugins-namespace berth-bench-net-p \
  >"$work/dockerd.log" 2>&1 & pids+=($!)
declare -A subnet=([berthd]=10.253.0.0/24 [dockerd]=10.252.0.0/24)
for s in berthd dockerd; do
  for i in $(seq 150); do DOCKER_HOST=unix://$work/$s.sock docker version >/dev/null 2>&1 && break; sleep 0.2; done
  DOCKER_HOST=unix://$work/$s.sock docker load -q -i "$work/busybox.tar" >/dev/null
  DOCKER_HOST=unix://$work/$s.sock docker network create --subnet "${subnet[$s]}" benchnet >/dev/null
done

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

requests_per_second() { # daemon -> req/s
  local host=unix://$work/$1.sock
  local id port
  id=$(DOCKER_HOST=$host docker run -d --network benchnet -p 127.0.0.1::80 busybox sh -c \
    'mkdir -p /www && head -c 1024 /dev/zero > /www/index.html && exec httpd -f -p 80 -h /www')
  port=$(DOCKER_HOST=$host docker port "$id" 80/tcp | head -1 | sed 's/.*://')
  for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/index.html" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c32 -d3s "http://127.0.0.1:$port/index.html" >/dev/null # warm-up (berthd's JIT, both page caches)
  wrk -t2 -c32 -d"${SECONDS_WRK}s" "http://127.0.0.1:$port/index.html" | awk '/Requests\/sec/{print $2}'
  DOCKER_HOST=$host docker rm -f "$id" >/dev/null
}

start_ms() { # daemon network -> median ms of docker run --rm busybox true
  local host=unix://$work/$1.sock samples=""
  DOCKER_HOST=$host docker run --rm --network "$2" busybox true >/dev/null
  for r in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    DOCKER_HOST=$host docker run --rm --network "$2" busybox true >/dev/null
    t1=$(date +%s%N)
    samples+="$(( (t1 - t0) / 1000000 ))"$'\n'
  done
  printf '%s' "$samples" | median
}

declare -A rps start_net start_none
for s in berthd dockerd; do
  rps[$s]=$(requests_per_second "$s")
  start_net[$s]=$(start_ms "$s" benchnet)
  start_none[$s]=$(start_ms "$s" none)
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   runs: $RUNS   wrk: ${SECONDS_WRK}s, 2 threads, 32 connections"
printf '%-44s %12s %12s %8s\n' "" berthd dockerd ratio
printf '%-44s %12s %12s %8s\n' "HTTP req/s through a published port" "${rps[berthd]}" "${rps[dockerd]}" \
  "$(awk -v a="${rps[berthd]}" -v b="${rps[dockerd]}" 'BEGIN{printf "%.2f", a/b}')"
printf '%-44s %12s %12s %8s\n' "start ms, user-defined network (median)" "${start_net[berthd]}" \
  "${start_net[dockerd]}" "$(awk -v a="${start_net[berthd]}" -v b="${start_net[dockerd]}" 'BEGIN{printf "%.2f", a/b}')"
printf '%-44s %12s %12s %8s\n' "start ms, --network none (median)" "${start_none[berthd]}" \
  "${start_none[dockerd]}" "$(awk -v a="${start_none[berthd]}" -v b="${start_none[dockerd]}" 'BEGIN{printf "%.2f", a/b}')"
