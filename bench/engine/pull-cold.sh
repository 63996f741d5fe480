#!/usr/bin/env bash
# Cold `docker pull` through berthd and through dockerd (Debian docker.io) from one local registry, in one run, and
# the ratio berthd/dockerd of the median wall times (goal: <= 0.5). Root; not part of CI.
#   bench/engine/pull-cold.sh [RUNS]          images: the multi-layer test image and busybox
# Before each timed pull the image and every image sharing its layers are removed (rmi -f, image prune -f), so
# both daemons start cold; the registry serves from the page cache for both. The daemons take turns round by round
# (each going first every other round), so both meet the same load; the load average is printed with the figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
work=$(mktemp -d /tmp/berth-bench-pull.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  rm -rf "$work"
}
trap cleanup EXIT

"$root/scripts/make-test-images.sh" "$images" >&2
[ -f "$root/berth-engine/target/berth-engine-0.1.0-SNAPSHOT.jar" ] || \
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl berth-engine -am)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & pids+=($!)
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
for img in multi-layer busybox; do
  skopeo copy -q --dest-tls-verify=false "oci:$images/$img:latest" "docker://127.0.0.1:$port/library/$img:latest"
done

# berthd starts from its AOT cache, as it does after its first start: trained here when missing or stale
BERTH_AOT_WAIT=1 "$root/bin/berthd" --version >/dev/null
"$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" >"$work/berthd.log" 2>&1 & pids+=($!)
/usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/dockerd.sock" --bridge=none --iptables=false --ip6tables=false \
  --containerd-namespace berth-bench --containerd-plugins-namespace berth-bench-p \
  --insecure-registry "127.0.0.1:$port" >"$work/dockerd.log" 2>&1 & pids+=($!)
for s in berthd dockerd; do
  for i in $(seq 150); do DOCKER_HOST=unix://$work/$s.sock docker version >/dev/null 2>&1 && break; sleep 0.2; done
done

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

cold_pull() { # daemon image: removes every image, then one timed pull -> ms
  local host=unix://$work/$1.sock ref=127.0.0.1:$port/library/$2:latest
  DOCKER_HOST=$host docker rmi -f $(DOCKER_HOST=$host docker images -aq) >/dev/null 2>&1 || true
  DOCKER_HOST=$host docker image prune -af >/dev/null 2>&1 || true
  sync
  local t0 t1
  t0=$(date +%s%N)
  DOCKER_HOST=$host docker pull -q "$ref" >/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for img in multi-layer busybox; do
  # One untimed pull first, as the shared pull-cold.sh does (ensure_image): a warm daemon, a cold image.
  for d in berthd dockerd; do DOCKER_HOST=unix://$work/$d.sock docker pull -q "127.0.0.1:$port/library/$img:latest" >/dev/null; done
  # Rounds alternate which daemon goes first, so that a load that changes during the run weighs on both alike.
  b_samples="" d_samples=""
  for i in $(seq "$RUNS"); do
    if (( i % 2 )); then
      b_samples="$b_samples $(cold_pull berthd "$img")"; d_samples="$d_samples $(cold_pull dockerd "$img")"
    else
      d_samples="$d_samples $(cold_pull dockerd "$img")"; b_samples="$b_samples $(cold_pull berthd "$img")"
    fi
  done
  echo "berthd $img runs(ms):$b_samples" >&2
  echo "dockerd $img runs(ms):$d_samples" >&2
  b=$(printf '%s\n' $b_samples | median)
  d=$(printf '%s\n' $d_samples | median)
  ratio=$(awk -v b="$b" -v d="$d" 'BEGIN{printf "%.2f", b/d}')
  echo "pull_cold_${img//-/_}: berthd ${b} ms, dockerd ${d} ms, ratio ${ratio} (load average $(cut -d' ' -f1 /proc/loadavg))"
done
