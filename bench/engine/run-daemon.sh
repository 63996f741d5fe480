#!/usr/bin/env bash
# The daemons' share of `run --rm hello-world`: the same client (the docker CLI) against berthd and against dockerd
# (Debian docker.io), side by side in one run, rounds interleaved so that both see the same load; medians and the
# ratio berthd/dockerd. Like with like: this dockerd has no bridge (--bridge=none: its containers get a namespace
# with only lo), so the ratio compares both with --network none; berthd on its default bridge (CNI ADD and DEL) is
# printed beside it. Each daemon is warmed up first (JIT), as a daemon that has been running a while is. Root; not
# part of CI.
#   bench/engine/run-daemon.sh [RUNS] [WARMUP]     (default 15 and 10)
RUNS=${1:-15}
WARMUP=${2:-10}
. "$(dirname "$0")/lib.sh"
bench_init rund berth-engine
start_registry hello-world
ref=127.0.0.1:$port/library/hello-world:latest
# A bridge and subnet of its own: other daemons on the machine may use berthd's defaults.
n=$((RANDOM % 200 + 20))
start_berthd --bridge "berthrd$n" --bip "10.253.$n.1/24"
start_dockerd berth-bench-rund --insecure-registry "127.0.0.1:$port"
wait_daemons
for s in berthd dockerd; do on "$s" pull -q "$ref" >/dev/null; done

run_ms() { # daemon, docker run options... -> wall ms of one `docker run --rm`
  local daemon=$1 t0
  shift
  t0=$(now_ms)
  on "$daemon" run --rm "$@" "$ref" >/dev/null
  echo $(($(now_ms) - t0))
}

for i in $(seq "$WARMUP"); do
  run_ms berthd --network none >/dev/null
  run_ms berthd >/dev/null
  run_ms dockerd >/dev/null
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
b_none="" d_none="" b_bridge=""
for i in $(seq "$RUNS"); do
  b_none="$b_none $(run_ms berthd --network none)"
  d_none="$d_none $(run_ms dockerd)"
  b_bridge="$b_bridge $(run_ms berthd)"
done
echo "docker->berthd --network none runs(ms):$b_none" >&2
echo "docker->dockerd (no bridge)   runs(ms):$d_none" >&2
echo "docker->berthd bridge         runs(ms):$b_bridge" >&2
bn=$(printf '%s\n' $b_none | median)
dn=$(printf '%s\n' $d_none | median)
bb=$(printf '%s\n' $b_bridge | median)
echo "run_rm_hello_world daemon side (docker CLI): berthd ${bn} ms, dockerd ${dn} ms, ratio" \
  "$(ratio "$bn" "$dn") (both without a bridge); berthd on its bridge ${bb} ms;" \
  "load before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg)"
