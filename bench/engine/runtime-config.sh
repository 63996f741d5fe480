#!/usr/bin/env bash
# The OCI runtime's own cost of a container under berthd's bundle and under dockerd's (Debian docker.io), like with
# like: one `busybox sleep` is run --network none on each daemon, both bundles' config.json are taken and pointed at
# the same root file system (dockerd's prestart hook and both network namespace paths dropped, /bin/true as the
# process), and `create`, `start` and `delete --force` of each are timed in interleaved rounds — CPU (perf
# task-clock, runc init included) and wall — with runc, with crun, and with berthd's bundle without its seccomp
# filter (the part of runc's CPU that compiling and loading the filter takes). Root; not part of CI.
#   bench/engine/runtime-config.sh [ROUNDS]     (default 10)
ROUNDS=${1:-10}
. "$(dirname "$0")/lib.sh"
cg=berth-bench-rtc
teardown() {
  for s in berthd dockerd; do [ -S "$work/$s.sock" ] && on "$s" rm -f rtc >/dev/null 2>&1; done
  for d in /sys/fs/cgroup/*/$cg; do rmdir "$d"/* "$d" 2>/dev/null; done
  return 0
}
bench_init rtc berth-engine
docker_archive busybox
# A bridge and subnet of its own: other daemons on the machine may use berthd's defaults.
n=$((RANDOM % 200 + 20))
start_berthd --bridge "berthrtc$n" --bip "10.252.$n.1/24"
start_dockerd "$cg"
wait_daemons
on berthd version >/dev/null || { cat "$work/berthd.log" >&2; exit 1; }
for s in berthd dockerd; do
  on "$s" load -q -i "$work/busybox.tar" >/dev/null
  id=$(on "$s" run -d --name rtc --network none busybox sleep 3600)
  if [ "$s" = berthd ]; then
    # the daemon's runtime state: /run/berth/runtime/ and the SHA-256 of its data root's real path (RuntimeStateDir)
    cp "/run/berth/runtime/$(printf %s "$(realpath -m "$work/berthd")" | sha256sum | cut -c1-16)/containers/$id/bundle/config.json" \
      "$work/berthd.json"
    mkdir -p "$work/rootfs" && on berthd export rtc | tar -C "$work/rootfs" -xf -
  else
    cp "$work/dockerd-exec/containerd/daemon/io.containerd.runtime.v2.task/$cg/$id/config.json" "$work/dockerd.json"
  fi
  on "$s" rm -f rtc >/dev/null
done
python3 - "$work" "$cg" <<'PY'
import json, os, sys
work, cg = sys.argv[1], sys.argv[2]
os.makedirs(f"{work}/files", exist_ok=True)
for f in ("hosts", "hostname", "resolv.conf"):
    open(f"{work}/files/{f}", "w").write(f"# {f}\n")
def bundle(name, config):
    config["root"] = {"path": f"{work}/rootfs", "readonly": False}
    config.pop("hooks", None)
    config["process"].update(args=["/bin/true"], terminal=False)
    for ns in config["linux"]["namespaces"]:
        ns.pop("path", None)
    for m in config["mounts"]:
        if m["destination"] in ("/etc/hosts", "/etc/hostname", "/etc/resolv.conf"):
            m["source"] = f"{work}/files/" + m["destination"].split("/")[-1]
    config["linux"]["cgroupsPath"] = f"/{cg}/{name}"
    os.makedirs(f"{work}/bundle-{name}", exist_ok=True)
    json.dump(config, open(f"{work}/bundle-{name}/config.json", "w"))
for daemon in ("berthd", "dockerd"):
    bundle(daemon, json.load(open(f"{work}/{daemon}.json")))
unfiltered = json.load(open(f"{work}/berthd.json"))
unfiltered["linux"].pop("seccomp")
bundle("berthd-noseccomp", unfiltered)
PY

declare -A cpu wall
lifecycle() { # runtime, bundle -> "CPU-ms wall-ms" of create, start and delete --force
  local rt=$1 b=$2 id t0 ms
  id=rtc-$RANDOM$RANDOM
  t0=$(date +%s%N)
  ms=$(perf stat -x, -e task-clock -- sh -c "$rt --root '$work/$rt-root' create -b '$work/bundle-$b' $id </dev/null >/dev/null \
    && $rt --root '$work/$rt-root' start $id && $rt --root '$work/$rt-root' delete --force $id" 2>&1 >/dev/null |
    awk -F, '/task-clock/{print $1}')
  echo "$ms $((($(date +%s%N) - t0) / 1000000))"
}
variants=(runc:dockerd runc:berthd runc:berthd-noseccomp crun:dockerd crun:berthd)
for i in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    read -r c w <<<"$(lifecycle "${v%%:*}" "${v#*:}")"
    cpu[$v]="${cpu[$v]:-} $c"
    wall[$v]="${wall[$v]:-} $w"
  done
  variants=("${variants[@]:1}" "${variants[0]}")
done
for v in runc:dockerd runc:berthd runc:berthd-noseccomp crun:dockerd crun:berthd; do
  printf '%-24s create+start+delete: CPU median %s ms, wall median %s ms\n' "${v%%:*} ${v#*:}'s bundle" \
    "$(printf '%s\n' ${cpu[$v]} | median)" "$(printf '%s\n' ${wall[$v]} | median)"
done
echo "($ROUNDS rounds, load $(cut -d' ' -f1-3 /proc/loadavg))"
