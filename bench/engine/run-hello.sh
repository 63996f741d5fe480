#!/usr/bin/env bash
# `run --rm hello-world` wall time with the CLI included, side by side in one run: the berth CLI against berthd and
# the docker CLI against dockerd (Debian docker.io), both pulling from one local registry; the medians and the ratio
# berth/docker (goal: <= 0.5). Also berth's CLI against dockerd, to tell the CLI's share from the daemon's. Root; not
# part of CI.
#   bench/engine/run-hello.sh [RUNS]     (default 10)
RUNS=${1:-10}
. "$(dirname "$0")/lib.sh"
bench_init run berth-engine berth-cli
start_registry hello-world
ref=127.0.0.1:$port/library/hello-world:latest
start_berthd
start_dockerd berth-bench-run --insecure-registry "127.0.0.1:$port"
wait_daemons
for s in berthd dockerd; do on "$s" pull -q "$ref" >/dev/null; done

berth() { "$root/bin/berth" -H "unix://$work/$1.sock" "${@:2}"; }
variants=(bridge docker none docker_none cli_on_dockerd version)
run_variant() {
  case $1 in
    bridge) berth berthd run --rm "$ref" ;;
    docker) on dockerd run --rm "$ref" ;;
    docker_none) on dockerd run --rm --network none "$ref" ;;
    none) berth berthd run --rm --network none "$ref" ;;
    cli_on_dockerd) berth dockerd run --rm "$ref" ;;
    version) berth berthd version ;;
  esac
}
# One untimed run of each first, then RUNS rounds that take the variants in turn, so that warm-up and a load that
# changes during the run weigh on all of them alike.
for v in "${variants[@]}"; do run_variant "$v" >/dev/null; done
declare -A samples
for i in $(seq "$RUNS"); do
  for v in "${variants[@]}"; do
    t0=$(now_ms)
    run_variant "$v" >/dev/null
    samples[$v]="${samples[$v]:-} $(($(now_ms) - t0))"
  done
done
declare -A m
for v in "${variants[@]}"; do
  echo "$v runs(ms):${samples[$v]}" >&2
  m[$v]=$(printf '%s\n' ${samples[$v]} | median)
done
# Like with like, both ways: each engine's default network (berthd's bridge; dockerd's docker0 with
# BENCH_DOCKERD_NET=bridge, else none) and both with --network none (only lo).
echo "run_rm_hello_world: default network: berth+berthd ${m[bridge]} ms, docker+dockerd ${m[docker]} ms" \
  "(dockerd network $BENCH_DOCKERD_NET), ratio $(ratio "${m[bridge]}" "${m[docker]}");" \
  "--network none: berth+berthd ${m[none]} ms, docker+dockerd ${m[docker_none]} ms, ratio $(ratio "${m[none]}" "${m[docker_none]}")" \
  "(berth CLI on dockerd ${m[cli_on_dockerd]} ms; berth version ${m[version]} ms; load $(cut -d' ' -f1-3 /proc/loadavg))"
