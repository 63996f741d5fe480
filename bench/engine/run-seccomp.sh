#!/usr/bin/env bash
# What docker's default seccomp profile costs a container start: one berthd, `docker run --rm --network none busybox
# true` with the default profile (seccomp=builtin) against --security-opt seccomp=unconfined, rounds interleaved
# (each first every other round) so that both see the same load; the wall time of each run and the median of the
# per-round differences, which varies far less than either median on a busy machine. Root; not part of CI.
#   bench/engine/run-seccomp.sh [RUNS] [WARMUP]     (default 40 and 5)
RUNS=${1:-40}
WARMUP=${2:-5}
. "$(dirname "$0")/lib.sh"
bench_init seccomp berth-engine
start_registry busybox
ref=127.0.0.1:$port/library/busybox:latest
n=$((RANDOM % 200 + 20))
start_berthd --bridge "berthsc$n" --bip "10.252.$n.1/24"
for _ in $(seq 150); do on berthd version >/dev/null 2>&1 && break; sleep 0.2; done
on berthd pull -q "$ref" >/dev/null

run_ms() { # builtin|unconfined -> wall ms of one run
  local t0
  t0=$(now_ms)
  on berthd run --rm --network none --security-opt "seccomp=$1" "$ref" true >/dev/null
  echo $(($(now_ms) - t0))
}
for _ in $(seq "$WARMUP"); do run_ms builtin >/dev/null; run_ms unconfined >/dev/null; done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A wall=([builtin]="" [unconfined]="")
interleave "$RUNS" builtin unconfined
python3 - "${wall[builtin]}" "${wall[unconfined]}" <<'PY'
import statistics, sys
builtin, unconfined = ([int(w) for w in arg.split()] for arg in sys.argv[1:3])
print(f"builtin: wall {statistics.median(builtin)} ms (mean {statistics.mean(builtin):.0f}); unconfined: wall "
      f"{statistics.median(unconfined)} ms (mean {statistics.mean(unconfined):.0f}); per-round difference: median "
      f"{statistics.median(b - u for b, u in zip(builtin, unconfined))} ms, builtin slower in "
      f"{sum(b > u for b, u in zip(builtin, unconfined))} of {len(builtin)} rounds")
PY
echo "load before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg)"
