#!/usr/bin/env bash
# berthd's warm-up: after a fresh daemon start, the first `berth run --rm --network none hello-world` runs, with and
# without the daemon's JDK AOT cache (bin/berthd, scripts/launch), RESTARTS fresh daemons each, interleaved. Per run
# index, medians over the restarts of: wall time with the CLI (ms), the daemon's CPU time (ms) outside the JIT
# compiler threads and in them; also the time to a ready socket, the daemon's CPU time by then, and its PSS after the
# runs (MiB). Wall times follow the machine's load (printed); CPU times much less. Root; not part of CI.
#   bench/engine/first-runs.sh [RESTARTS] [RUNS]     (default 5 and 3)
RESTARTS=${1:-5}
RUNS=${2:-3}
. "$(dirname "$0")/lib.sh"
pid= # the daemon of the current round
teardown() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; }; }
bench_init first berth-engine berth-cli
docker_archive hello-world

cpu() { # -> "app jit": the daemon's CPU ms outside and inside the JIT compiler threads
  local app=0 jit=0 t c
  for t in /proc/"$pid"/task/*; do
    c=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) || continue
    case $(cat "$t/comm" 2>/dev/null) in C1\ Comp* | C2\ Comp*) jit=$((jit + c)) ;; *) app=$((app + c)) ;; esac
  done
  echo "$((app * 10)) $((jit * 10))"
}

declare -A samples # key "mode field" -> values
add() { samples["$1 $2"]="${samples["$1 $2"]:-} $3"; }
round() { # mode ("aot" or "jit"): one fresh daemon, its start and first RUNS runs
  local mode=$1 dir=$work/$1 sock t0 a j a2 j2
  rm -rf "$dir"
  mkdir -p "$dir"
  sock=unix://$dir/d.sock
  t0=$(now_ms)
  if [ "$mode" = aot ]; then
    "$root/bin/berthd" --data-root "$dir/root" --host "$sock" >"$dir/log" 2>&1 &
  else
    BERTH_DAEMON_AOT_TRAINING= "$root/bin/berthd" --data-root "$dir/root" --host "$sock" >"$dir/log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 600); do DOCKER_HOST=$sock docker version >/dev/null 2>&1 && break; sleep 0.05; done
  add "$mode" ready $(($(now_ms) - t0))
  read -r a j <<<"$(cpu)"
  add "$mode" ready_cpu $((a + j))
  DOCKER_HOST=$sock docker load -q -i "$work/hello-world.tar" >/dev/null
  for i in $(seq "$RUNS"); do
    read -r a j <<<"$(cpu)"
    t0=$(now_ms)
    "$root/bin/berth" -H "$sock" run --rm --network none hello-world >/dev/null
    add "$mode" "wall$i" $(($(now_ms) - t0))
    read -r a2 j2 <<<"$(cpu)"
    add "$mode" "app$i" $((a2 - a))
    add "$mode" "jit$i" $((j2 - j))
  done
  add "$mode" pss $(($(awk '$1=="Pss:"{print $2}' "/proc/$pid/smaps_rollup") / 1024))
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  pid=
  rm -rf "$dir"
}
median_of() { printf '%s\n' $1 | median; }

BERTH_AOT_WAIT=1 "$root/bin/berthd" --version >/dev/null # the cache, trained here when missing or stale
for r in $(seq "$RESTARTS"); do round jit; round aot; done
for mode in jit aot; do
  line="$mode: ready $(median_of "${samples["$mode ready"]}") ms (daemon CPU $(median_of "${samples["$mode ready_cpu"]}") ms);"
  for i in $(seq "$RUNS"); do
    line="$line run$i $(median_of "${samples["$mode wall$i"]}") ms (CPU $(median_of "${samples["$mode app$i"]}")+JIT $(median_of "${samples["$mode jit$i"]}"));"
  done
  echo "$line PSS $(median_of "${samples["$mode pss"]}") MiB"
done
echo "(medians of $RESTARTS fresh daemons each; aot = from berth-engine/target/berth-engine.aot, jit = without;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg))"
