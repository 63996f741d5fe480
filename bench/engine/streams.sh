#!/usr/bin/env bash
# Does berthd keep answering while many long-lived requests wait (root; not part of CI)? On COUNT containers
# (`busybox sleep`, stdin open) it starts, per container: an attach to the quiet container, an attach pushing stdin the
# container never reads (conmon stops reading once the stdin pipe is full, so the daemon's send waits), logs -f, wait,
# events, an exec whose output never comes and an exec -i pushing stdin nobody reads; then it times `docker ps`
# ROUNDS times. Each waiting request used to be able to hold one of the virtual-thread scheduler's carriers (2 on a
# 2-core host), and then the daemon answered nothing: every command here is bounded, so a frozen daemon shows as
# "ps: no answer" instead of a hung bench.
#   bench/engine/streams.sh [COUNT] [ROUNDS]     (default 4 and 5)
COUNT=${1:-4}
ROUNDS=${2:-5}
. "$(dirname "$0")/lib.sh"
clients=()
inits=()
teardown() {
  for p in "${clients[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  # A frozen daemon answers again once the containers are gone: their conmons close the sockets it waits on.
  for p in "${inits[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  sleep 2
  local ids
  ids=$(timeout 30 docker -H "unix://$work/berthd.sock" ps -aq 2>/dev/null || true)
  [ -z "$ids" ] || timeout 60 docker -H "unix://$work/berthd.sock" rm -f $ids >/dev/null 2>&1 || true
}
bench_init streams berth-engine
docker_archive busybox
start_berthd --bridge none
for _ in $(seq 150); do on berthd version >/dev/null 2>&1 && break; sleep 0.2; done
on berthd load -q -i "$work/busybox.tar" >/dev/null
head -c 16000000 /dev/zero >"$work/zeros"
bounded() { timeout 30 docker -H "unix://$work/berthd.sock" "$@"; }
for i in $(seq "$COUNT"); do
  c=$(bounded run -di --network none busybox sleep 3600) || { echo "run $i: no answer"; break; }
  inits+=("$(bounded inspect -f '{{.State.Pid}}' "$c")") || { echo "inspect $i: no answer"; break; }
  bounded attach --sig-proxy=false "$c" </dev/null >/dev/null 2>&1 & clients+=($!)
  bounded attach --sig-proxy=false "$c" <"$work/zeros" >/dev/null 2>&1 & clients+=($!)
  bounded logs -f "$c" >/dev/null 2>&1 & clients+=($!)
  bounded wait "$c" >/dev/null 2>&1 & clients+=($!)
  bounded events >/dev/null 2>&1 & clients+=($!)
  bounded exec "$c" sleep 3600 >/dev/null 2>&1 & clients+=($!)
  bounded exec -i "$c" sleep 3600 <"$work/zeros" >/dev/null 2>&1 & clients+=($!)
done
sleep 5
echo "load $(cut -d' ' -f1-3 /proc/loadavg); ${#clients[@]} requests waiting; berthd threads: $(ls /proc/$berthd_pid/task | wc -l)"
for r in $(seq "$ROUNDS"); do
  t0=$(now_ms)
  if timeout 20 docker -H "unix://$work/berthd.sock" ps -q >/dev/null 2>&1; then
    echo "ps: $(($(now_ms) - t0)) ms"
  else
    echo "ps: no answer within 20 s"
  fi
done
