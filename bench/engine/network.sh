#!/usr/bin/env bash
# Networking through berthd and through dockerd (Debian docker.io) in one run (root; not part of CI):
#   1. HTTP requests/s through a published port: wrk -> 127.0.0.1:PORT -> busybox httpd in a container on a
#      user-defined network (berthd's Netty proxy vs docker-proxy);
#   2. container start time (docker run --rm busybox true, median wall ms) on a user-defined network vs --network none.
#   bench/engine/network.sh [RUNS] [WRK_SECONDS]
# Both daemons get bridges and subnets of their own (10.253.0.0/24 and 10.252.0.0/24, default bridge 10.251.0.0/24), dockerd without iptables rules,
# so nothing but the bench's own bridges is touched; everything is removed at the end.
RUNS=${1:-10}
SECONDS_WRK=${2:-10}
. "$(dirname "$0")/lib.sh"
teardown() {
  for s in berthd dockerd; do
    [ -S "$work/$s.sock" ] || continue
    on "$s" rm -f $(on "$s" ps -aq) >/dev/null 2>&1 || true
    on "$s" network rm benchnet >/dev/null 2>&1 || true
  done
}
bench_init net berth-engine
docker_archive busybox
start_berthd --bridge bbench0 --bip 10.251.0.1/24 --ip 127.0.0.1
start_dockerd berth-bench-net --ip 127.0.0.1
wait_daemons
declare -A subnet=([berthd]=10.253.0.0/24 [dockerd]=10.252.0.0/24)
for s in berthd dockerd; do
  on "$s" load -q -i "$work/busybox.tar" >/dev/null
  on "$s" network create --subnet "${subnet[$s]}" benchnet >/dev/null
done

requests_per_second() { # daemon -> req/s
  local id port
  id=$(on "$1" run -d --network benchnet -p 127.0.0.1::80 busybox sh -c \
    'mkdir -p /www && head -c 1024 /dev/zero > /www/index.html && exec httpd -f -p 80 -h /www')
  port=$(on "$1" port "$id" 80/tcp | head -1 | sed 's/.*://')
  for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/index.html" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c32 -d3s "http://127.0.0.1:$port/index.html" >/dev/null # warm-up (berthd's JIT, both page caches)
  wrk -t2 -c32 -d"${SECONDS_WRK}s" "http://127.0.0.1:$port/index.html" | awk '/Requests\/sec/{print $2}'
  on "$1" rm -f "$id" >/dev/null
}

start_ms() { # daemon network -> median ms of docker run --rm busybox true
  local samples="" t0
  on "$1" run --rm --network "$2" busybox true >/dev/null
  for r in $(seq "$RUNS"); do
    t0=$(now_ms)
    on "$1" run --rm --network "$2" busybox true >/dev/null
    samples+="$(($(now_ms) - t0))"$'\n'
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
  "$(ratio "${rps[berthd]}" "${rps[dockerd]}")"
printf '%-44s %12s %12s %8s\n' "start ms, user-defined network (median)" "${start_net[berthd]}" \
  "${start_net[dockerd]}" "$(ratio "${start_net[berthd]}" "${start_net[dockerd]}")"
printf '%-44s %12s %12s %8s\n' "start ms, --network none (median)" "${start_none[berthd]}" \
  "${start_none[dockerd]}" "$(ratio "${start_none[berthd]}" "${start_none[dockerd]}")"
