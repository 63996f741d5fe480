#!/usr/bin/env bash
# Container start rate and daemon memory, berthd vs dockerd (Debian docker.io), side by side in one run (root; not
# part of CI):
#   1. containers started per second: COUNT detached `busybox sleep 3600` through the docker CLI, one after the other
#      (a loop of `docker run -d`) and COUNT at a time (xargs -P PARALLEL), against each daemon; berthd also through
#      the berth CLI (sequential);
#   2. resident memory (RSS and PSS from /proc/PID/smaps_rollup) of berthd (its JVM + one conmon per container) and
#      of dockerd + its containerd + the containerd shims, idle and with COUNT containers running.
# Both daemons run containers with --network none (the bench's dockerd has no bridge), so the figures are the
# containers' own cost, not CNI's. Ratios are berthd/dockerd: start rate >= 2 and memory < 1 are the goals.
#   bench/engine/containers.sh [COUNT] [PARALLEL]     (default 50 and 10)
COUNT=${1:-50}
PARALLEL=${2:-10}
. "$(dirname "$0")/lib.sh"
remove_all() { # daemon
  local ids
  ids=$(on "$1" ps -aq 2>/dev/null || true)
  [ -z "$ids" ] || on "$1" rm -f $ids >/dev/null 2>&1 || true
}
teardown() { for s in berthd dockerd; do [ -S "$work/$s.sock" ] && remove_all "$s"; done; }
bench_init ctr berth-engine berth-cli
docker_archive busybox
start_berthd
start_dockerd berth-bench-ctr
wait_daemons
for s in berthd dockerd; do on "$s" load -q -i "$work/busybox.tar" >/dev/null; done
# berthd's java is bin/berthd's exec'd process; dockerd's own containerd is its child
berthd_java=$berthd_pid

kib() { # field PID... -> the sum of that smaps_rollup field over the PIDs, KiB
  local field=$1 total=0 v
  shift
  for p in "$@"; do
    v=$(awk -v f="$field:" '$1==f{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
processes() { # daemon -> its PIDs: the daemon, and conmons (berthd) or containerd and shims (dockerd)
  if [ "$1" = berthd ]; then
    echo "$berthd_java" $(pgrep -f "^/usr/bin/conmon .*$work/berthd" || true)
  else
    echo "$dockerd_pid" $(pgrep -f "containerd .*$work/dockerd-exec" || true) \
      $(pgrep -f "containerd-shim-runc-v2 -namespace berth-bench-ctr " || true)
  fi
}
memory() { # daemon -> "RSS PSS" MiB
  local p
  p=$(processes "$1")
  awk -v r="$(kib Rss $p)" -v s="$(kib Pss $p)" 'BEGIN{printf "%.0f %.0f", r/1024, s/1024}'
}

rate() { # label, ms for COUNT starts -> containers/s (and the duration on stderr)
  awk -v n="$COUNT" -v ms="$2" -v l="$1" 'BEGIN{printf "%.2f\n", n/(ms/1e3); printf "%s: %d in %.1f s\n", l, n, ms/1e3 > "/dev/stderr"}'
}
start_sequential() { # label, CLI... -> containers/s
  local label=$1 t0
  shift
  t0=$(now_ms)
  for i in $(seq "$COUNT"); do "$@" run -d --network none busybox sleep 3600 >/dev/null; done
  rate "$label" $(($(now_ms) - t0))
}
start_parallel() { # label, CLI... -> containers/s
  local label=$1 t0
  shift
  t0=$(now_ms)
  seq "$COUNT" | xargs -P "$PARALLEL" -I{} "$@" run -d --network none busybox sleep 3600 >/dev/null
  rate "$label" $(($(now_ms) - t0))
}
running() { on "$1" ps -q | wc -l; }

# one container each first (warms berthd's JIT and both daemons' caches), removed before measuring
for s in berthd dockerd; do
  on "$s" run --rm --network none busybox true
done
sleep 3
read -r b_idle_rss b_idle_pss <<<"$(memory berthd)"
read -r d_idle_rss d_idle_pss <<<"$(memory dockerd)"

declare -A seq par
for s in berthd dockerd; do
  seq[$s]=$(start_sequential "$s sequential (docker CLI)" env DOCKER_HOST=unix://$work/$s.sock docker)
  [ "$(running "$s")" -eq "$COUNT" ] || { echo "$s: $(running "$s") of $COUNT containers running" >&2; exit 1; }
done
sleep 3
read -r b_full_rss b_full_pss <<<"$(memory berthd)"
read -r d_full_rss d_full_pss <<<"$(memory dockerd)"
for s in berthd dockerd; do
  remove_all "$s"
  par[$s]=$(start_parallel "$s $PARALLEL at a time (docker CLI)" env DOCKER_HOST=unix://$work/$s.sock docker)
  remove_all "$s"
done
berth_seq=$(start_sequential "berthd sequential (berth CLI)" "$root/bin/berth" -H "unix://$work/berthd.sock")
remove_all berthd

echo "containers_started_per_second (${COUNT} busybox sleep, --network none): sequential berthd ${seq[berthd]}/s," \
  "dockerd ${seq[dockerd]}/s, ratio $(ratio "${seq[berthd]}" "${seq[dockerd]}");" \
  "${PARALLEL} at a time berthd ${par[berthd]}/s, dockerd ${par[dockerd]}/s, ratio $(ratio "${par[berthd]}" "${par[dockerd]}");" \
  "berth CLI sequential ${berth_seq}/s"
echo "daemon_memory_MiB (RSS/PSS): idle berthd ${b_idle_rss}/${b_idle_pss}, dockerd+containerd ${d_idle_rss}/${d_idle_pss}," \
  "PSS ratio $(ratio "$b_idle_pss" "$d_idle_pss"); with ${COUNT} containers berthd+conmons ${b_full_rss}/${b_full_pss}," \
  "dockerd+containerd+shims ${d_full_rss}/${d_full_pss}, PSS ratio $(ratio "$b_full_pss" "$d_full_pss")" \
  "(load $(cut -d' ' -f1-3 /proc/loadavg))"
