#!/usr/bin/env bash
# bench/registry.sh - berth-registry side by side with docker-registry (CNCF distribution 2.8) in one run:
# 256 MiB blob upload/download MB/s (registry-blob.sh) and manifest GET req/s + p99 under wrk -t2 -c50
# (registry-manifest-rps.sh), alternating the two registries run by run; then DOWNLOADS more downloads of one
# 256 MiB blob from each, alternating (plain `curl -o /dev/null -w %{speed_download}`), and as many from
# curl-ceiling.py, a server feeding the same size from memory: curl's own ceiling on this machine, which bounds
# either registry's download figure; medians and ratios berth/distribution (and ceiling/distribution). Both
# registries log errors only (distribution: log.level error; berth: log.access off), and both are warmed up (a small
# blob round and a short wrk run) before measuring. The load average is printed at the start and the end: other
# processes on the machine skew the figures, so compare runs only at similar load.
#
# Needs: ./mvnw -DskipTests package (bin/berth-registry), docker-registry, skopeo, wrk, curl, and the
# reference scripts (BENCH_SCRIPTS, default ../shared/bench beside the repository).
# Env: SIZE_MIB (256), RUNS (3), DURATION (10s), DOWNLOADS (5), UPLOAD_MODE (monolithic|patch), BERTH_TEST_IMAGES,
#      BENCH_NICE (unset; e.g. -10 runs both registries and the clients at that niceness alike, in a session of their
#      own, to damp other load).
set -euo pipefail
# With the scheduler's autogroups (kernel.sched_autogroup_enabled=1) nice only ranks the tasks of one session against
# each other, and every other session still takes its share. So BENCH_NICE also moves the run into a session of its
# own and gives that session's autogroup the niceness: both registries and all clients alike.
if [[ -n ${BENCH_NICE:-} && -z ${BENCH_SESSION:-} && -w /proc/self/autogroup ]]; then
  BENCH_SESSION=1 exec setsid -w "$0" "$@"
fi
[[ -z ${BENCH_SESSION:-} ]] || echo "$BENCH_NICE" >/proc/self/autogroup
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
scripts=${BENCH_SCRIPTS:-}
if [[ -z $scripts ]]; then # beside the repository, or beside the worktrees' parent
  for d in "$repo/../shared/bench" "$repo/../../shared/bench"; do [[ -x $d/registry-blob.sh ]] && scripts=$d && break; done
fi
images=${BERTH_TEST_IMAGES:-$repo/target/test-images}
SIZE_MIB=${SIZE_MIB:-256} RUNS=${RUNS:-3} DURATION=${DURATION:-10s} DOWNLOADS=${DOWNLOADS:-5}
export DURATION UPLOAD_MODE=${UPLOAD_MODE:-monolithic}
[[ -x $scripts/registry-blob.sh ]] || { echo "reference scripts not found in $scripts (set BENCH_SCRIPTS)" >&2; exit 1; }
[[ -d $images/hello-world ]] || { echo "test images not found in $images (set BERTH_TEST_IMAGES)" >&2; exit 1; }

work=$(mktemp -d /tmp/registry-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -sf "http://$1/v2/" >/dev/null && return 0; sleep 0.2; done; echo "no registry at $1" >&2; exit 1; }

# Servers are started through nice itself (it execs them), so $! is the server and the cleanup stops it.
niced() { nice -n "${BENCH_NICE:-0}" "$@"; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

berth_port=$(free_port)
cat >"$work/berth.yml" <<YAML
addr: 127.0.0.1:$berth_port
root: $work/berth
log: {level: error, access: "off"}
YAML
nice -n "${BENCH_NICE:-0}" "$repo/bin/berth-registry" serve --config "$work/berth.yml" >"$work/berth.log" 2>&1 &
pids+=($!)
ceiling_port=$(free_port)
nice -n "${BENCH_NICE:-0}" python3 "$here/curl-ceiling.py" "$ceiling_port" $((SIZE_MIB << 20)) &
pids+=($!)
dist_port=$(free_port)
cat >"$work/dist.yml" <<YAML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $work/dist}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$dist_port}
YAML
nice -n "${BENCH_NICE:-0}" /usr/bin/docker-registry serve "$work/dist.yml" >"$work/dist.log" 2>&1 &
pids+=($!)
wait_up "127.0.0.1:$berth_port"
wait_up "127.0.0.1:$dist_port"
for port in "$berth_port" "$dist_port"; do
  skopeo copy -q --dest-tls-verify=false "oci:$images/hello-world:latest" \
    "docker://127.0.0.1:$port/library/hello-world:latest" >/dev/null
done

declare -A samples
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{ if (NR==0) print "NA"; else if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2 }'; }
measure_once() { # NAME PORT: one blob round and one wrk round, appended to the samples
  local line
  # A failed round (e.g. wrk timeouts on an overloaded machine) is reported and left out of the medians.
  line=$(REGISTRY=127.0.0.1:$2 TMPDIR=$work niced "$scripts/registry-blob.sh" "$SIZE_MIB" 1 2>/dev/null | tail -1) \
    || echo "$1: blob round failed" >&2
  samples[$1.up]+=" $(sed -n 's/.*blob_upload_MBps=\([0-9.]*\).*/\1/p' <<<"$line")"
  samples[$1.down]+=" $(sed -n 's/.*blob_download_MBps=\([0-9.]*\).*/\1/p' <<<"$line")"
  line=$(REGISTRY=127.0.0.1:$2 niced "$scripts/registry-manifest-rps.sh" 1 2>/dev/null | tail -1) \
    || echo "$1: wrk round failed (errors or timeouts)" >&2
  samples[$1.rps]+=" $(sed -n 's/.*manifest_rps=\([0-9.]*\).*/\1/p' <<<"$line")"
  samples[$1.p99]+=" $(sed -n 's/.*manifest_p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
}
put_blob() { # PORT FILE DIGEST: a monolithic POST + PUT
  local loc
  loc=$(curl -sS -D - -o /dev/null -X POST "http://127.0.0.1:$1/v2/bench/loop/blobs/uploads/" | tr -d '\r' \
    | awk -F': ' 'tolower($1)=="location"{print $2}')
  [[ $loc == http* ]] || loc=http://127.0.0.1:$1$loc
  [[ $loc == *\?* ]] && loc="$loc&digest=$3" || loc="$loc?digest=$3"
  curl -sS -o /dev/null -X PUT -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$2" "$loc"
}
# Warm both (JIT, caches) alike, then alternate the two registries run by run, so both see the same machine load.
for port in "$berth_port" "$dist_port"; do
  REGISTRY=127.0.0.1:$port TMPDIR=$work "$scripts/registry-blob.sh" 16 1 >/dev/null 2>&1
  THREADS=2 CONNS=50 DURATION=3s REGISTRY=127.0.0.1:$port "$scripts/registry-manifest-rps.sh" 1 >/dev/null 2>&1
done
for r in $(seq "$RUNS"); do
  measure_once berth "$berth_port"
  measure_once distribution "$dist_port"
  echo "run $r/$RUNS: berth${samples[berth.up]##* } up ${samples[berth.down]##* } down ${samples[berth.rps]##* } req/s;" \
    "distribution ${samples[distribution.up]##* } up ${samples[distribution.down]##* } down ${samples[distribution.rps]##* } req/s" >&2
done
head -c $((SIZE_MIB << 20)) /dev/urandom >"$work/loop.blob"
loop_digest=sha256:$(sha256sum "$work/loop.blob" | cut -d' ' -f1)
put_blob "$berth_port" "$work/loop.blob" "$loop_digest"
put_blob "$dist_port" "$work/loop.blob" "$loop_digest"
rm -f "$work/loop.blob"
for _ in $(seq "$DOWNLOADS"); do
  for name in berth distribution ceiling; do
    case $name in berth) port=$berth_port ;; distribution) port=$dist_port ;; ceiling) port=$ceiling_port ;; esac
    speed=$(niced curl -sS -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$port/v2/bench/loop/blobs/$loop_digest")
    samples[$name.loop]+=" $(awk -v b="$speed" 'BEGIN{printf "%.1f", b/1e6}')"
  done
done
echo "curl download loop MB/s: berth${samples[berth.loop]}; distribution${samples[distribution.loop]};" \
  "ceiling${samples[ceiling.loop]}" >&2
declare -A value
for k in "${!samples[@]}"; do value[$k]=$(median <<<"${samples[$k]}"); done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "NA" }'; }
printf '%-28s %14s %14s %8s\n' metric berth-registry distribution ratio
printf '%-28s %14s %14s %8s\n' "blob upload MB/s ($SIZE_MIB MiB)" "${value[berth.up]}" "${value[distribution.up]}" \
  "$(ratio "${value[berth.up]}" "${value[distribution.up]}")"
printf '%-28s %14s %14s %8s\n' "blob download MB/s" "${value[berth.down]}" "${value[distribution.down]}" \
  "$(ratio "${value[berth.down]}" "${value[distribution.down]}")"
printf '%-28s %14s %14s %8s\n' "blob download MB/s (loop)" "${value[berth.loop]}" "${value[distribution.loop]}" \
  "$(ratio "${value[berth.loop]}" "${value[distribution.loop]}")"
printf '%-28s %14s %14s %8s\n' "curl ceiling MB/s (memory)" "${value[ceiling.loop]}" "${value[distribution.loop]}" \
  "$(ratio "${value[ceiling.loop]}" "${value[distribution.loop]}")"
printf '%-28s %14s %14s %8s\n' "manifest GET req/s" "${value[berth.rps]}" "${value[distribution.rps]}" \
  "$(ratio "${value[berth.rps]}" "${value[distribution.rps]}")"
printf '%-28s %14s %14s %8s\n' "manifest GET p99 ms" "${value[berth.p99]}" "${value[distribution.p99]}" \
  "$(ratio "${value[distribution.p99]}" "${value[berth.p99]}")"
echo "registry_upload_ratio=$(ratio "${value[berth.up]}" "${value[distribution.up]}") x" \
  "registry_download_ratio=$(ratio "${value[berth.down]}" "${value[distribution.down]}") x" \
  "registry_manifest_rps_ratio=$(ratio "${value[berth.rps]}" "${value[distribution.rps]}") x" \
  "registry_manifest_p99_ms=${value[berth.p99]} ms" \
  "registry_download_loop_ratio=$(ratio "${value[berth.loop]}" "${value[distribution.loop]}") x" \
  "registry_download_ceiling_ratio=$(ratio "${value[ceiling.loop]}" "${value[distribution.loop]}") x"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
