#!/usr/bin/env bash
# Two berthd builds side by side on `docker run --rm --network none hello-world` (the docker CLI as the client, as in
# run-daemon.sh): OLD, a directory holding an earlier build's bin/, scripts/ and berth-engine/target/ (jar and lib/,
# e.g. copied before a change), against this checkout's build. Rounds interleaved, each build first every other
# round, so that both see the same load. Besides the wall time of each run, the daemon's own path from its container
# events (nanosecond times): create->start (create, attach, wait, start requests, runtime create and start),
# start->die (the exit seen, runtime state released, exit recorded), die->destroy (the removal), which vary far less
# than the wall time on a busy machine. AB_NETWORK=bridge runs on each daemon's default bridge (CNI ADD and DEL)
# instead. AB_IMAGE=busybox AB_CMD=true runs `busybox true` instead of hello-world. Root; not part of CI.
#   [AB_NETWORK=bridge] [AB_IMAGE=… AB_CMD=…] bench/engine/run-daemon-ab.sh OLD [RUNS] [WARMUP]   (default 30 and 5)
old=$(cd "${1:?usage: run-daemon-ab.sh OLD [RUNS] [WARMUP]}" && pwd)
RUNS=${2:-30}
WARMUP=${3:-5}
. "$(dirname "$0")/lib.sh"
bench_init runab berth-engine
image=${AB_IMAGE:-hello-world}
start_registry "$image"
ref=127.0.0.1:$port/library/$image:latest

declare -A checkout=([old]=$old [new]=$root)
n=$((RANDOM % 200 + 20))
for b in old new; do
  # each from its AOT cache, trained first when missing or stale, as berthd runs after its first start
  BERTH_AOT_WAIT=1 "${checkout[$b]}/bin/berthd" --version >/dev/null
  "${checkout[$b]}/bin/berthd" --data-root "$work/$b" --host "unix://$work/$b.sock" --bridge "berthab$b$n" \
    --bip "10.254.$n.$([[ $b == old ]] && echo 1 || echo 129)/25" >"$work/$b.log" 2>&1 & pids+=($!)
done
for b in old new; do
  for _ in $(seq 150); do on "$b" version >/dev/null 2>&1 && break; sleep 0.2; done
  on "$b" pull -q "$ref" >/dev/null
done

run_ms() { # build -> wall ms of one run
  local t0
  t0=$(now_ms)
  # shellcheck disable=SC2086 # AB_CMD: the command and its arguments, split
  on "$1" run --rm --network "${AB_NETWORK:-none}" "$ref" ${AB_CMD:-} >/dev/null
  echo $(($(now_ms) - t0))
}
for i in $(seq "$WARMUP"); do run_ms old >/dev/null; run_ms new >/dev/null; done
for b in old new; do
  on "$b" events --format '{{.ID}} {{.Action}} {{.TimeNano}}' >"$work/$b.events" &
  pids+=($!)
done
sleep 1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A wall=([old]="" [new]="")
interleave "$RUNS" old new
sleep 1
for b in old new; do
  echo "$b runs(ms):${wall[$b]}" >&2
  python3 - "$b" "$work/$b.events" "${wall[$b]}" <<'PY'
import collections, statistics, sys
build, events, wall = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3].split()]
times = collections.defaultdict(dict)
for line in open(events):
    parts = line.split()
    if len(parts) == 3:
        times[parts[0]][parts[1]] = int(parts[2])
def span(a, b):
    v = [(t[b] - t[a]) / 1e6 for t in times.values() if a in t and b in t]
    return f"{statistics.median(v):.1f} (mean {statistics.mean(v):.1f})" if v else "-"
print(f"{build}: wall {statistics.median(wall)} ms (mean {statistics.mean(wall):.0f}); daemon: create->start "
      f"{span('create', 'start')}, start->die {span('start', 'die')}, die->destroy {span('die', 'destroy')}, "
      f"create->destroy {span('create', 'destroy')} ms")
PY
done
echo "load before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg)"
