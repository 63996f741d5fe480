#!/usr/bin/env bash
# Cold `docker pull` through berthd and through dockerd (Debian docker.io) from one local registry, in one run, and
# the ratio berthd/dockerd of the median wall times (goal: <= 0.5). Root; not part of CI.
#   bench/engine/pull-cold.sh [RUNS]          images: the multi-layer test image and busybox
# Before each timed pull the image and every image sharing its layers are removed (rmi -f, image prune -f), so
# both daemons start cold; the registry serves from the page cache for both. The daemons take turns round by round
# (each going first every other round), so both meet the same load; the load average is printed with the figures.
RUNS=${1:-5}
. "$(dirname "$0")/lib.sh"
bench_init pull berth-engine
start_registry multi-layer busybox
start_berthd
start_dockerd berth-bench --insecure-registry "127.0.0.1:$port"
wait_daemons

cold_pull() { # daemon image: removes every image, then one timed pull -> ms
  local t0
  on "$1" rmi -f $(on "$1" images -aq) >/dev/null 2>&1 || true
  on "$1" image prune -af >/dev/null 2>&1 || true
  sync
  t0=$(now_ms)
  on "$1" pull -q "127.0.0.1:$port/library/$2:latest" >/dev/null
  echo $(($(now_ms) - t0))
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for img in multi-layer busybox; do
  # One untimed pull first, as the shared pull-cold.sh does (ensure_image): a warm daemon, a cold image.
  for d in berthd dockerd; do on "$d" pull -q "127.0.0.1:$port/library/$img:latest" >/dev/null; done
  # Rounds alternate which daemon goes first, so that a load that changes during the run weighs on both alike.
  b_samples="" d_samples=""
  for i in $(seq "$RUNS"); do
    if (( i % 2 )); then
      b_samples="$b_samples $(cold_pull berthd "$img")"; d_samples="$d_samples $(cold_pull dockerd "$img")"
    else
      d_samples="$d_samples $(cold_pull dockerd "$img")"; b_samples="$b_samples $(cold_pull berthd "$img")"
    fi
  done
  echo "berthd $img runs(ms):$b_samples" >&2
  echo "dockerd $img runs(ms):$d_samples" >&2
  b=$(printf '%s\n' $b_samples | median)
  d=$(printf '%s\n' $d_samples | median)
  echo "pull_cold_${img//-/_}: berthd ${b} ms, dockerd ${d} ms, ratio $(ratio "$b" "$d") (load average $(cut -d' ' -f1 /proc/loadavg))"
done
