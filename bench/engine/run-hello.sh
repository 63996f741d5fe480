#!/usr/bin/env bash
# `run --rm hello-world` wall time with the CLI included, side by side in one run: the berth CLI against berthd and
# the docker CLI against dockerd (Debian docker.io), both pulling from one local registry; the medians and the ratio
# berth/docker (goal: <= 0.5). Also berth's CLI against dockerd, to tell the CLI's share from the daemon's. Root; not
# part of CI.
#   bench/engine/run-hello.sh [RUNS]     (default 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
work=$(mktemp -d /tmp/berth-bench-run.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/make-test-images.sh" "$images" >&2
for m in berth-engine berth-cli; do
  [ -f "$root/$m/target/$m-0.1.0-SNAPSHOT.jar" ] || (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl "$m" -am)
done

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

# berthd starts from its AOT cache, as it does after its first start: trained here when missing or stale
BERTH_AOT_WAIT=1 "$root/bin/berthd" --version >/dev/null
"$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" >"$work/berthd.log" 2>&1 & pids+=($!)
/usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/dockerd.sock" --bridge=none --iptables=false --ip6tables=false \
  --containerd-namespace berth-bench-run --containerd-plugins-namespace berth-bench-run-p \
  --insecure-registry "127.0.0.1:$port" >"$work/dockerd.log" 2>&1 & pids+=($!)
for s in berthd dockerd; do
  for i in $(seq 150); do DOCKER_HOST=unix://$work/$s.sock docker version >/dev/null 2>&1 && break; sleep 0.2; done
  DOCKER_HOST=unix://$work/$s.sock docker pull -q "$ref" >/dev/null
done

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

timed() { # label, command... -> median ms over RUNS (after one untimed warm-up run)
  local label=$1 samples=""
  shift
  "$@" >/dev/null
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    samples="$samples $(( (t1 - t0) / 1000000 ))"
  done
  echo "$label runs(ms):$samples" >&2
  printf '%s\n' $samples | median
}

b=$(timed "berth->berthd" "$root/bin/berth" -H "unix://$work/berthd.sock" run --rm "$ref")
d=$(timed "docker->dockerd" env DOCKER_HOST="unix://$work/dockerd.sock" docker run --rm "$ref")
n=$(timed "berth->berthd --network none" "$root/bin/berth" -H "unix://$work/berthd.sock" run --rm --network none "$ref")
c=$(timed "berth->dockerd" "$root/bin/berth" -H "unix://$work/dockerd.sock" run --rm "$ref")
v=$(timed "berth version" "$root/bin/berth" -H "unix://$work/berthd.sock" version)
# Like with like: this dockerd has no bridge (its containers get only lo), so the ratio takes berthd's --network none.
ratio=$(awk -v b="$n" -v d="$d" 'BEGIN{printf "%.2f", b/d}')
echo "run_rm_hello_world: berth+berthd ${n} ms, docker+dockerd ${d} ms, ratio ${ratio} (both without a bridge;" \
  "berth+berthd on its bridge ${b} ms; berth CLI on dockerd ${c} ms; berth version ${v} ms;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg))"
