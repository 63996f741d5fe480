#!/usr/bin/env bash
# Builds Berth and runs `berth run hello-world` end to end, as root on a fresh Debian machine with JDK 25:
#   1. installs the Debian packages Berth needs when missing (scripts/deps.sh) and builds it (./mvnw package);
#   2. builds the test images (scripts/make-test-images.sh; kept between runs);
#   3. starts a berth-registry on loopback and publishes the built-in hello-world image there as
#      library/hello-world:latest, unless it holds it already;
#   4. starts berthd with that registry as its Docker Hub mirror (--registry-mirror) and an empty data root;
#   5. runs `bin/berth run hello-world`: the image is missing, so berth says so, pulls it (through the mirror),
#      creates and starts the container and prints its hello message;
#   6. stops what it started.
#
# Usage: sudo scripts/quickstart.sh [--keep] [--hub]
#   --keep  leave berthd and the registry running (their addresses are printed) instead of stopping them
#   --hub   no mirror: pull hello-world from Docker Hub itself (needs internet)
# Environment: BERTH_QUICKSTART_DIR (state: registry storage, logs; default /var/tmp/berth-quickstart),
#              BERTH_QUICKSTART_PORT (registry port; default: the first free one from 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

keep=false
hub=false
for arg in "$@"; do
  case $arg in
    --keep) keep=true ;;
    --hub) hub=true ;;
    *) echo "usage: $0 [--keep] [--hub]" >&2; exit 2 ;;
  esac
done
if [[ $(id -u) -ne 0 ]]; then
  echo "$0: must run as root (it installs packages, and berthd mounts and runs containers)" >&2
  exit 1
fi

for tool in gcc busybox skopeo umoci runc conmon curl; do
  command -v "$tool" >/dev/null || { bash scripts/deps.sh; break; }
done
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $JAVA_HOME/bin/java ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
# (quiet about the build tool's own use of sun.misc.Unsafe on JDK 25)
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -q -B -ntp -DskipTests package
images=${BERTH_TEST_IMAGES:-target/test-images}
bash scripts/make-test-images.sh "$images"

state=${BERTH_QUICKSTART_DIR:-/var/tmp/berth-quickstart}
mkdir -p "$state"
data=$(mktemp -d "$state/data.XXXXXX")
socket=$state/berth.sock
pids=()
stop() {
  local status=$?
  if ! $keep; then
    # containers first (their mounts live under the data root), then the daemon and the registry
    if [[ -S $socket ]]; then
      ids=$(BERTH_HOST=unix://$socket bin/berth ps -aq 2>/dev/null || true)
      [[ -z $ids ]] || BERTH_HOST=unix://$socket bin/berth rm -f $ids >/dev/null 2>&1 || true
    fi
    for pid in "${pids[@]}"; do
      kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
      wait "$pid" 2>/dev/null || true
    done
    grep -q " $data/" /proc/mounts && umount -R -l $(awk -v d="$data/" 'index($2, d) == 1 {print $2}' /proc/mounts) 2>/dev/null
    rm -rf "$data"
  fi
  exit $status
}
trap stop EXIT

# Waits until COMMAND succeeds, for up to 60 s; on timeout shows LOG and fails.
await() {
  local what=$1 log=$2
  shift 2
  for _ in $(seq 600); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$what did not come up within 60 s; its log ($log):" >&2
  tail -n 20 "$log" >&2
  exit 1
}

mirror=()
if ! $hub; then
  port=${BERTH_QUICKSTART_PORT:-5000}
  if [[ -z ${BERTH_QUICKSTART_PORT:-} ]]; then
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      port=$((port + 1))
    done
  fi
  registry=127.0.0.1:$port
  bin/berth-registry serve --addr "$registry" --root "$state/registry" >"$state/registry.log" 2>&1 &
  pids+=($!)
  await "berth-registry" "$state/registry.log" curl -fsS "http://$registry/v2/"
  if ! skopeo inspect --tls-verify=false "docker://$registry/library/hello-world:latest" >/dev/null 2>&1; then
    skopeo copy -q --all --dest-tls-verify=false "oci:$images/hello-world:latest" \
      "docker://$registry/library/hello-world:latest"
  fi
  mirror=(--registry-mirror "http://$registry")
fi

rm -f "$socket"
bin/berthd --data-root "$data" -H "unix://$socket" "${mirror[@]}" >"$state/berthd.log" 2>&1 &
pids+=($!)
await "berthd" "$state/berthd.log" curl -fsS --unix-socket "$socket" http://berth/_ping

export BERTH_HOST=unix://$socket
echo
echo "\$ bin/berth run hello-world"
bin/berth run hello-world

if $keep; then
  echo
  echo "berthd:   BERTH_HOST=unix://$socket (data root $data, log $state/berthd.log)"
  $hub || echo "registry: http://$registry (storage $state/registry, log $state/registry.log)"
  echo "stop them with: kill ${pids[*]}"
fi
