#!/usr/bin/env bash
# The daemons' share of `run --rm hello-world`: the same client (the docker CLI) against berthd and against dockerd
# (Debian docker.io), side by side in one run, rounds interleaved so that both see the same load; medians and the
# ratio berthd/dockerd. Like with like: this dockerd has no bridge (--bridge=none: its containers get a namespace
# with only lo), so the ratio compares both with --network none; berthd on its default bridge (CNI ADD and DEL) is
# printed beside it. Each daemon is warmed up first (JIT), as a daemon that has been running a while is. Root; not
# part of CI.
#   bench/engine/run-daemon.sh [RUNS] [WARMUP]     (default 15 and 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-15}
WARMUP=${2:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
work=$(mktemp -d /tmp/berth-bench-rund.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/make-test-images.sh" "$images" >&2
[ -f "$root/berth-engine/target/berth-engine-0.1.0-SNAPSHOT.jar" ] \
  || (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl berth-engine -am)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & pids+=($!)
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
skopeo copy -q --dest-tls-verify=false "oci:$images/hello-world:latest" \
  "docker://127.0.0.1:$port/library/hello-world:latest"
ref=127.0.0.1:$port/library/hello-world:latest

# A bridge and subnet of its own: other daemons on the machine may use berthd's defaults.
n=$((RANDOM % 200 + 20))
# berthd starts from its AOT cache, as it does after its first start: trained here when missing or stale
BERTH_AOT_WAIT=1 "$root/bin/berthd" --version >/dev/null
"$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" --bridge "berthrd$n" \
  --bip "10.253.$n.1/24" >"$work/berthd.log" 2>&1 & pids+=($!)
/usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/dockerd.sock" --bridge=none --iptables=false --ip6tables=false \
  --containerd-namespace berth-bench-rund --containerd-plugins-namespace berth-bench-rund-p \
  --insecure-registry "127.0.0.1:$port" >"$work/dockerd.log" 2>&1 & pids+=($!)
for s in berthd dockerd; do
  for i in $(seq 150); do DOCKER_HOST=unix://$work/$s.sock docker version >/dev/null 2>&1 && break; sleep 0.2; done
  DOCKER_HOST=unix://$work/$s.sock docker pull -q "$ref" >/dev/null
done

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
run_ms() { # daemon, docker run options... -> wall ms of one `docker run --rm`
  local daemon=$1 t0 t1
  shift
  t0=$(date +%s%N)
  DOCKER_HOST=unix://$work/$daemon.sock docker run --rm "$@" "$ref" >/dev/null
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

for i in $(seq "$WARMUP"); do
  run_ms berthd --network none >/dev/null
  run_ms berthd >/dev/null
  run_ms dockerd >/dev/null
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
b_none="" d_none="" b_bridge=""
for i in $(seq "$RUNS"); do
  b_none="$b_none $(run_ms berthd --network none)"
  d_none="$d_none $(run_ms dockerd)"
  b_bridge="$b_bridge $(run_ms berthd)"
done
echo "docker->berthd --network none runs(ms):$b_none" >&2
echo "docker->dockerd (no bridge)   runs(ms):$d_none" >&2
echo "docker->berthd bridge         runs(ms):$b_bridge" >&2
bn=$(printf '%s\n' $b_none | median)
dn=$(printf '%s\n' $d_none | median)
bb=$(printf '%s\n' $b_bridge | median)
echo "run_rm_hello_world daemon side (docker CLI): berthd ${bn} ms, dockerd ${dn} ms, ratio" \
  "$(awk -v b="$bn" -v d="$dn" 'BEGIN{printf "%.2f", b/d}') (both without a bridge); berthd on its bridge ${bb} ms;" \
  "load before ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg)"
