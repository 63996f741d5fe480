#!/usr/bin/env bash
# bench/registry.sh - berth-registry side by side with docker-registry (CNCF distribution 2.8) in one run:
# 256 MiB blob upload/download MB/s (registry-blob.sh) and manifest GET req/s + p99 under wrk -t2 -c50
# (registry-manifest-rps.sh), alternating the two registries run by run; medians and ratios berth/distribution.
#
# Needs: ./mvnw -DskipTests package (bin/berth-registry), docker-registry, skopeo, wrk, curl, and the
# reference scripts (BENCH_SCRIPTS, default ../shared/bench beside the repository).
# Env: SIZE_MIB (256), RUNS (3), DURATION (10s), UPLOAD_MODE (monolithic|patch), BERTH_TEST_IMAGES.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
scripts=${BENCH_SCRIPTS:-}
if [[ -z $scripts ]]; then # beside the repository, or beside the worktrees' parent
  for d in "$repo/../shared/bench" "$repo/../../shared/bench"; do [[ -x $d/registry-blob.sh ]] && scripts=$d && break; done
fi
images=${BERTH_TEST_IMAGES:-$repo/target/test-images}
SIZE_MIB=${SIZE_MIB:-256} RUNS=${RUNS:-3} DURATION=${DURATION:-10s}
export DURATION UPLOAD_MODE=${UPLOAD_MODE:-monolithic}
[[ -x $scripts/registry-blob.sh ]] || { echo "reference scripts not found in $scripts (set BENCH_SCRIPTS)" >&2; exit 1; }
[[ -d $images/hello-world ]] || { echo "test images not found in $images (set BERTH_TEST_IMAGES)" >&2; exit 1; }

work=$(mktemp -d /tmp/registry-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -sf "http://$1/v2/" >/dev/null && return 0; sleep 0.2; done; echo "no registry at $1" >&2; exit 1; }

berth_port=$(free_port)
"$repo/bin/berth-registry" serve --addr "127.0.0.1:$berth_port" --root "$work/berth" >"$work/berth.log" 2>&1 &
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
/usr/bin/docker-registry serve "$work/dist.yml" >"$work/dist.log" 2>&1 &
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
  line=$(REGISTRY=127.0.0.1:$2 TMPDIR=$work "$scripts/registry-blob.sh" "$SIZE_MIB" 1 2>/dev/null | tail -1)
  samples[$1.up]+=" $(sed -n 's/.*blob_upload_MBps=\([0-9.]*\).*/\1/p' <<<"$line")"
  samples[$1.down]+=" $(sed -n 's/.*blob_download_MBps=\([0-9.]*\).*/\1/p' <<<"$line")"
  line=$(REGISTRY=127.0.0.1:$2 "$scripts/registry-manifest-rps.sh" 1 2>/dev/null | tail -1)
  samples[$1.rps]+=" $(sed -n 's/.*manifest_rps=\([0-9.]*\).*/\1/p' <<<"$line")"
  samples[$1.p99]+=" $(sed -n 's/.*manifest_p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
}
# Warm the JVM once, then alternate the two registries run by run, so both see the same machine load.
REGISTRY=127.0.0.1:$berth_port TMPDIR=$work "$scripts/registry-blob.sh" 16 1 >/dev/null 2>&1
for r in $(seq "$RUNS"); do
  measure_once berth "$berth_port"
  measure_once distribution "$dist_port"
  echo "run $r/$RUNS: berth${samples[berth.up]##* } up ${samples[berth.down]##* } down ${samples[berth.rps]##* } req/s;" \
    "distribution ${samples[distribution.up]##* } up ${samples[distribution.down]##* } down ${samples[distribution.rps]##* } req/s" >&2
done
declare -A value
for k in "${!samples[@]}"; do value[$k]=$(median <<<"${samples[$k]}"); done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "NA" }'; }
printf '%-28s %14s %14s %8s\n' metric berth-registry distribution ratio
printf '%-28s %14s %14s %8s\n' "blob upload MB/s ($SIZE_MIB MiB)" "${value[berth.up]}" "${value[distribution.up]}" \
  "$(ratio "${value[berth.up]}" "${value[distribution.up]}")"
printf '%-28s %14s %14s %8s\n' "blob download MB/s" "${value[berth.down]}" "${value[distribution.down]}" \
  "$(ratio "${value[berth.down]}" "${value[distribution.down]}")"
printf '%-28s %14s %14s %8s\n' "manifest GET req/s" "${value[berth.rps]}" "${value[distribution.rps]}" \
  "$(ratio "${value[berth.rps]}" "${value[distribution.rps]}")"
printf '%-28s %14s %14s %8s\n' "manifest GET p99 ms" "${value[berth.p99]}" "${value[distribution.p99]}" \
  "$(ratio "${value[distribution.p99]}" "${value[berth.p99]}")"
echo "registry_upload_ratio=$(ratio "${value[berth.up]}" "${value[distribution.up]}") x" \
  "registry_download_ratio=$(ratio "${value[berth.down]}" "${value[distribution.down]}") x" \
  "registry_manifest_rps_ratio=$(ratio "${value[berth.rps]}" "${value[distribution.rps]}") x" \
  "registry_manifest_p99_ms=${value[berth.p99]} ms"
