#!/usr/bin/env bash
# bench/registry-download-ab.sh OLD_BUILD [NEW_BUILD] - blob downloads of two berth-registry builds side by side with
# docker-registry (CNCF distribution 2.8) and curl-ceiling.py in one run, to tell whether a change to the download
# path helps: each build and distribution freshly started, warmed up as bench/registry.sh does (one 16 MiB blob
# round), then ROUNDS reference-script rounds each (registry-blob.sh: a fresh 256 MiB upload, then one GET timed from
# outside curl), alternating the registries round by round, then LOOPS downloads of one blob from each and from the
# ceiling (curl's own speed). Prints each side's samples, medians and ratios to distribution, and the load average.
# A build is a directory holding berth-registry-0.1.0-SNAPSHOT.jar and lib/ (a copy of berth-registry/target made
# before the change); NEW_BUILD defaults to this worktree's berth-registry/target.
# Env: ROUNDS (5), LOOPS (5), SIZE_MIB (256), BENCH_SCRIPTS, BENCH_NICE (as bench/registry.sh).
set -euo pipefail
if [[ -n ${BENCH_NICE:-} && -z ${BENCH_SESSION:-} && -w /proc/self/autogroup ]]; then
  BENCH_SESSION=1 exec setsid -w "$0" "$@"
fi
[[ -z ${BENCH_SESSION:-} ]] || echo "$BENCH_NICE" >/proc/self/autogroup
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: $0 OLD_BUILD [NEW_BUILD]" >&2; exit 2; }
builds=("$(cd "$1" && pwd)" "$(cd "${2:-$repo/berth-registry/target}" && pwd)")
scripts=${BENCH_SCRIPTS:-}
if [[ -z $scripts ]]; then
  for d in "$repo/../shared/bench" "$repo/../../shared/bench"; do [[ -x $d/registry-blob.sh ]] && scripts=$d && break; done
fi
[[ -x $scripts/registry-blob.sh ]] || { echo "reference scripts not found in $scripts (set BENCH_SCRIPTS)" >&2; exit 1; }
ROUNDS=${ROUNDS:-5} LOOPS=${LOOPS:-5} SIZE_MIB=${SIZE_MIB:-256}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

work=$(mktemp -d /tmp/registry-ab.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
niced() { nice -n "${BENCH_NICE:-0}" "$@"; }
declare -A port
names=(old new distribution)
for i in 0 1; do
  name=${names[$i]} build=${builds[$i]}
  [[ -f $build/berth-registry-0.1.0-SNAPSHOT.jar ]] || { echo "no berth-registry jar in $build" >&2; exit 1; }
  port[$name]=$(free_port)
  printf 'addr: 127.0.0.1:%s\nroot: %s\nlog: {level: error, access: "off"}\n' "${port[$name]}" "$work/$name" \
    >"$work/$name.yml"
  # The flags of bin/berth-registry; started through nice itself (it execs them), so $! is the server.
  nice -n "${BENCH_NICE:-0}" "$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -cp "$build/berth-registry-0.1.0-SNAPSHOT.jar:$build/lib/*" dev.berth.registry.RegistryMain serve \
    --config "$work/$name.yml" >"$work/$name.log" 2>&1 &
  pids+=($!)
done
port[distribution]=$(free_port)
printf 'version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: %s}\n  delete: {enabled: true}\nhttp: {addr: 127.0.0.1:%s}\n' \
  "$work/distribution" "${port[distribution]}" >"$work/distribution.yml"
nice -n "${BENCH_NICE:-0}" /usr/bin/docker-registry serve "$work/distribution.yml" >"$work/distribution.log" 2>&1 &
pids+=($!)
port[ceiling]=$(free_port)
nice -n "${BENCH_NICE:-0}" python3 "$here/curl-ceiling.py" "${port[ceiling]}" $((SIZE_MIB << 20)) &
pids+=($!)
for name in "${names[@]}"; do
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:${port[$name]}/v2/" >/dev/null && continue 2; sleep 0.2; done
  echo "$name did not start: $(tail -3 "$work/$name.log")" >&2; exit 1
done
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A samples
for name in "${names[@]}"; do
  REGISTRY=127.0.0.1:${port[$name]} TMPDIR=$work "$scripts/registry-blob.sh" 16 1 >/dev/null 2>&1
done
for _ in $(seq "$ROUNDS"); do
  for name in "${names[@]}"; do
    line=$(REGISTRY=127.0.0.1:${port[$name]} TMPDIR=$work niced "$scripts/registry-blob.sh" "$SIZE_MIB" 1 2>/dev/null \
      | tail -1) || { echo "$name: blob round failed" >&2; continue; }
    samples[$name.ref]+=" $(sed -n 's/.*blob_download_MBps=\([0-9.]*\).*/\1/p' <<<"$line")"
  done
done
head -c $((SIZE_MIB << 20)) /dev/urandom >"$work/loop.blob"
digest=sha256:$(sha256sum "$work/loop.blob" | cut -d' ' -f1)
for name in "${names[@]}"; do # a monolithic POST + PUT
  loc=$(curl -sS -D - -o /dev/null -X POST "http://127.0.0.1:${port[$name]}/v2/bench/loop/blobs/uploads/" \
    | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
  [[ $loc == http* ]] || loc=http://127.0.0.1:${port[$name]}$loc
  [[ $loc == *\?* ]] && loc="$loc&digest=$digest" || loc="$loc?digest=$digest"
  curl -sS -o /dev/null -X PUT -H 'Expect:' -H 'Content-Type: application/octet-stream' -T "$work/loop.blob" "$loc"
done
rm -f "$work/loop.blob"
for _ in $(seq "$LOOPS"); do
  for name in "${names[@]}" ceiling; do
    speed=$(niced curl -sS -o /dev/null -w '%{speed_download}' \
      "http://127.0.0.1:${port[$name]}/v2/bench/loop/blobs/$digest")
    samples[$name.loop]+=" $(awk -v b="$speed" 'BEGIN{printf "%.1f", b/1e6}')"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{ if (NR==0) print "NA"; else if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a != "NA" && b > 0) printf "%.2f", a/b; else print "NA" }'; }
for name in "${names[@]}" ceiling; do
  [[ $name == ceiling ]] || echo "$name reference-script MB/s:${samples[$name.ref]}"
  echo "$name loop MB/s:${samples[$name.loop]}"
done
dref=$(median <<<"${samples[distribution.ref]}") dloop=$(median <<<"${samples[distribution.loop]}")
printf '%-14s %16s %8s %12s %8s\n' "" "reference MB/s" ratio "loop MB/s" ratio
for name in "${names[@]}" ceiling; do
  ref=NA
  [[ $name == ceiling ]] || ref=$(median <<<"${samples[$name.ref]}")
  loop=$(median <<<"${samples[$name.loop]}")
  printf '%-14s %16s %8s %12s %8s\n' "$name" "$ref" "$(ratio "$ref" "$dref")" "$loop" "$(ratio "$loop" "$dloop")"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
