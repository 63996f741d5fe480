# Set-up shared by the engine and build benches, sourced by each: a work directory removed at exit with every daemon
# the bench started, the test images and jars, a local distribution registry, berthd and dockerd on sockets of their
# own ($work/berthd.sock, $work/dockerd.sock). A bench may define `teardown` (run first at exit, while the daemons
# still answer) before it calls bench_init.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
images=${BERTH_TEST_IMAGES:-$root/target/test-images}
pids=()

bench_init() { # name, modules... : the work directory, its clean-up, the test images and the modules' jars
  work=$(mktemp -d "/tmp/berth-bench-$1.XXXXXX")
  shift
  trap bench_cleanup EXIT
  "$root/scripts/make-test-images.sh" "$images" >&2
  for m in "$@"; do
    [ -f "$root/$m/target/$m-0.1.0-SNAPSHOT.jar" ] || (cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl "$m" -am)
  done
  # The CLI starts from its AOT cache, as it does after its first run: trained here when missing or stale, so that
  # no timed run overlaps the training
  if [[ " $* " == *" berth-cli "* ]]; then BERTH_AOT_WAIT=1 "$root/bin/berth" version >/dev/null 2>&1 || true; fi
}

bench_cleanup() {
  if declare -F teardown >/dev/null; then teardown || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  # dockerd leaves its bridge behind; the next engine's default subnet would step around it
  if [[ ${made_docker0:-} == 1 ]]; then ip link del docker0 2>/dev/null || true; fi
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_registry() { # images... : a docker-registry on a free loopback port ($port) holding them as library/IMAGE:latest
  port=$(free_port)
  cat >"$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
  /usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & pids+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
  for img in "$@"; do
    skopeo copy -q --dest-tls-verify=false "oci:$images/$img:latest" "docker://127.0.0.1:$port/library/$img:latest"
  done
}

start_berthd() { # berthd options... : berthd from its AOT cache, as it runs after its first start ($berthd_pid)
  BERTH_AOT_WAIT=1 "$root/bin/berthd" --version >/dev/null # the cache, trained here when missing or stale
  "$root/bin/berthd" --data-root "$work/berthd" --host "unix://$work/berthd.sock" "$@" >"$work/berthd.log" 2>&1 &
  pids+=($!)
  berthd_pid=$!
}

# dockerd's network: none (default: no bridge, so its containers get only lo) or bridge (docker0, its default, which
# every `docker run` joins unless told otherwise; iptables stays off either way, so that the host's FORWARD policy and
# chains are left alone: a container without published ports adds no rule anyway).
BENCH_DOCKERD_NET=${BENCH_DOCKERD_NET:-none}
start_dockerd() { # containerd namespace, dockerd options... : Debian's dockerd without iptables ($dockerd_pid)
  local ns=$1 net=(--bridge=none)
  shift
  if [[ $BENCH_DOCKERD_NET == bridge ]]; then
    net=()
    ip link show docker0 >/dev/null 2>&1 || made_docker0=1
  fi
  /usr/sbin/dockerd --data-root "$work/dockerd" --exec-root "$work/dockerd-exec" --pidfile "$work/dockerd.pid" \
    -H "unix://$work/dockerd.sock" "${net[@]}" --iptables=false --ip6tables=false \
    --containerd-namespace "$ns" --containerd-plugins-namespace "$ns-p" "$@" >"$work/dockerd.log" 2>&1 &
  pids+=($!)
  dockerd_pid=$!
}

on() { # daemon, docker CLI arguments... : the docker CLI against berthd or dockerd
  local daemon=$1
  shift
  DOCKER_HOST=unix://$work/$daemon.sock docker "$@"
}

wait_daemons() { # waits until both daemons answer
  for s in berthd dockerd; do
    for _ in $(seq 150); do on "$s" version >/dev/null 2>&1 && break; sleep 0.2; done
  done
}

docker_archive() { # image -> $work/IMAGE.tar, for `docker load`
  skopeo copy -q "oci:$images/$1:latest" "docker-archive:$work/$1.tar:$1:latest"
}

# `run_ms VARIANT` (defined by the bench) for each variant, ROUNDS times, each variant first in turn round by round
# so that warm-up and a load that changes during the run weigh on all alike; the wall times (ms) are appended to
# wall[VARIANT] (an associative array the bench declares).
interleave() { # rounds, variants...
  local rounds=$1 i v
  shift
  local order=("$@")
  for i in $(seq "$rounds"); do
    for v in "${order[@]}"; do wall[$v]="${wall[$v]:-} $(run_ms "$v")"; done
    order=("${order[@]:1}" "${order[0]}")
  done
}

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
