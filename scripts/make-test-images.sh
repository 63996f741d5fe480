#!/usr/bin/env bash
# Builds Berth's test images, each an OCI image layout tagged "latest":
#   OUTDIR/hello-world        a static C program (testimages/hello-world/hello.c), linux/amd64
#   OUTDIR/busybox            Debian's busybox-static with its applets, linux/amd64
#   OUTDIR/busybox-multiarch  an index over busybox for linux/amd64 and linux/arm64/v8
#   OUTDIR/multi-layer        busybox + 4 layers (> 150 MB unpacked) with whiteouts and an opaque directory
#
# Usage: scripts/make-test-images.sh OUTDIR
# Root (device-node whiteouts, trusted.* xattrs). Idempotent: a layout already in OUTDIR is kept; each image is
# built aside and renamed into place, so OUTDIR never holds a half-built image. Builds are reproducible (fixed
# times, owners and order), so the same inputs give the same digests.
#
# Environment:
#   BERTH_OCI_CLASSPATH     class path with berth-oci's classes and dependencies (tests pass their own); else
#                           target/ of berth-oci is used, compiled first when missing
#   BERTH_TEST_IMAGE_CACHE  where downloaded .deb files are kept (default OUTDIR/.cache)
#   BERTH_BIG_TREE          the directory copied into multi-layer's big layer (default: a JDK under /usr/lib/jvm)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "$0: must run as root (whiteout device nodes, trusted.overlay.* xattrs)" >&2
  exit 1
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
cache=${BERTH_TEST_IMAGE_CACHE:-$out/.cache}
mkdir -p "$cache"
created=2025-01-01T00:00:00Z
images=(hello-world busybox busybox-multiarch multi-layer)

# Concurrent callers (several test JVMs) wait for each other instead of building twice.
exec 9>"$out/.lock"
flock 9

all_built() {
  local name
  for name in "${images[@]}"; do
    [[ -f $out/$name/index.json ]] || return 1
  done
}
if all_built; then
  exit 0
fi

java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -x $java ]] || java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
[[ -x $java ]] || java=java

work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

classpath() {
  if [[ -n ${BERTH_OCI_CLASSPATH:-} ]]; then
    echo "$BERTH_OCI_CLASSPATH"
    return
  fi
  local target=$root/berth-oci/target
  if [[ ! -f $target/classes/dev/berth/oci/layout/ImageBuildMain.class ]]; then
    (cd "$root" && ./mvnw -q -o -pl berth-oci -DskipTests compile) >&2
  fi
  if [[ ! -s $target/classpath.txt || $root/berth-oci/pom.xml -nt $target/classpath.txt ]]; then
    (cd "$root" && ./mvnw -q -o -pl berth-oci dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$target/classpath.txt") >&2
  fi
  echo "$target/classes:$(cat "$target/classpath.txt")"
}
cp_berth=$(classpath)

berth_build() {
  "$java" --enable-native-access=ALL-UNNAMED -cp "$cp_berth" dev.berth.oci.layout.ImageBuildMain "$@"
}

# Moves a layout built under $work into OUTDIR in one rename.
publish() {
  local name=$1
  rm -rf "${out:?}/$name"
  mv "$work/$name" "$out/$name"
  echo "built $out/$name"
}

# The busybox-static binary of Debian for one architecture, from its .deb (kept in the cache).
busybox_binary() {
  local arch=$1 dest=$2 deb
  deb=$(ls "$cache"/busybox-static_*_"$arch".deb 2>/dev/null | head -n 1 || true)
  if [[ -z $deb ]]; then
    if ! (cd "$cache" && apt-get download -q "busybox-static:$arch") >&2; then
      if [[ $arch != "$(dpkg --print-architecture)" ]] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
        dpkg --add-architecture "$arch"
      fi
      apt-get update -qq >&2
      (cd "$cache" && apt-get download -q "busybox-static:$arch") >&2
    fi
    deb=$(ls "$cache"/busybox-static_*_"$arch".deb | head -n 1)
  fi
  local x=$work/deb-$arch
  rm -rf "$x"
  mkdir -p "$x"
  dpkg-deb -x "$deb" "$x"
  install -m 0755 "$x/bin/busybox" "$dest"
}

# A busybox root file system: the binary, a symlink per applet in /bin, and the few files a shell expects.
busybox_rootfs() {
  local arch=$1 dir=$2
  mkdir -p "$dir"/{bin,dev,etc,proc,sys,root,home,tmp,var/www,usr/bin,usr/sbin}
  chmod 0700 "$dir/root"
  chmod 1777 "$dir/tmp"
  busybox_binary "$arch" "$dir/bin/busybox"
  local applet
  # The applet list comes from the amd64 binary (same package version for every architecture).
  for applet in $(busybox_applets); do
    [[ $applet == busybox ]] || ln -sf busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  printf 'hosts: files dns\n' >"$dir/etc/nsswitch.conf"
}

busybox_applets() {
  if [[ ! -x $work/busybox-amd64 ]]; then
    busybox_binary amd64 "$work/busybox-amd64"
  fi
  "$work/busybox-amd64" --list | LC_ALL=C sort
}

build_hello_world() {
  local rootfs=$work/hello-rootfs
  mkdir -p "$rootfs"
  gcc -static -Os -o "$rootfs/hello" "$root/testimages/hello-world/hello.c"
  strip "$rootfs/hello"
  berth_build image "$work/hello-world" --tag latest --platform linux/amd64 --created "$created" \
    --cmd /hello \
    --layer "dir:$rootfs" --created-by 'COPY hello /'
  publish hello-world
}

busybox_image() {
  local arch=$1 platform=$2 layout=$3 rootfs=$work/busybox-rootfs-$1
  [[ -d $rootfs ]] || busybox_rootfs "$arch" "$rootfs"
  berth_build image "$layout" --tag latest --platform "$platform" --created "$created" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd sh \
    --layer "dir:$rootfs" --created-by "ADD busybox-static ($arch) /"
}

build_busybox() {
  busybox_image amd64 linux/amd64 "$work/busybox"
  publish busybox
}

build_busybox_multiarch() {
  busybox_image amd64 linux/amd64 "$work/busybox-amd64-layout"
  busybox_image arm64 linux/arm64/v8 "$work/busybox-arm64-layout"
  berth_build index "$work/busybox-multiarch" --tag latest \
    "$work/busybox-amd64-layout:latest" "$work/busybox-arm64-layout:latest"
  publish busybox-multiarch
}

# Marks a directory of an overlay upper dir opaque, as overlayfs does when a directory replaces a lower one.
set_opaque() {
  if command -v setfattr >/dev/null; then
    setfattr -n trusted.overlay.opaque -v y "$1"
  else
    python3 -c 'import os, sys; os.setxattr(sys.argv[1], "trusted.overlay.opaque", b"y")' "$1"
  fi
}

big_tree() {
  local candidate
  for candidate in "${BERTH_BIG_TREE:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64 \
      "${JAVA_HOME:-}"; do
    if [[ -n $candidate && -d $candidate ]]; then
      echo "$candidate"
      return
    fi
  done
  echo "$0: no directory to copy into multi-layer's big layer (set BERTH_BIG_TREE)" >&2
  return 1
}

# multi-layer: busybox, then
#   2. an overlay upper dir adding /opt/jdk (a JDK copy, the bulk of the image), /data and /etc/motd
#   3. the diff of two full trees deleting /etc/motd, /data/remove-me and /data/keep/b.txt (whiteouts),
#      replacing /data/keep/a.txt and adding /data/added.txt
#   4. an overlay upper dir making /data/old opaque (only z.txt stays) and whiting out /data/keep/c.txt
#      with a 0:0 character device
#   5. a plain directory adding /app
build_multi_layer() {
  local base=$work/busybox-rootfs-amd64 m=$work/ml
  [[ -d $base ]] || busybox_rootfs amd64 "$base"
  mkdir -p "$m"

  local up2=$m/upper2
  mkdir -p "$up2"/{opt,etc,data/keep,data/remove-me,data/old}
  cp -a "$(big_tree)" "$up2/opt/jdk"
  echo 'Welcome to the multi-layer test image.' >"$up2/etc/motd"
  for f in a b c; do echo "keep $f" >"$up2/data/keep/$f.txt"; done
  for f in 1 2 3; do echo "remove $f" >"$up2/data/remove-me/$f.txt"; done
  for f in x y; do echo "old $f" >"$up2/data/old/$f.txt"; done

  # Hard-linked copies: files are only ever replaced, never written in place, so the trees stay independent.
  local lower3=$m/lower3 upper3=$m/upper3
  cp -al "$base" "$lower3"
  cp -al "$up2/." "$lower3/"
  cp -al "$lower3" "$upper3"
  rm -r "$upper3/etc/motd" "$upper3/data/remove-me" "$upper3/data/keep/b.txt"
  rm "$upper3/data/keep/a.txt"
  echo 'keep a, replaced in layer 3' >"$upper3/data/keep/a.txt"
  echo 'added in layer 3' >"$upper3/data/added.txt"

  local up4=$m/upper4
  mkdir -p "$up4/data/old" "$up4/data/keep"
  echo 'z, the only file of the opaque /data/old' >"$up4/data/old/z.txt"
  set_opaque "$up4/data/old"
  mknod "$up4/data/keep/c.txt" c 0 0

  local app=$m/app
  mkdir -p "$app/app"
  echo 'multi-layer test image, layer 5' >"$app/app/README"
  printf '#!/bin/sh\necho "hello from layer 5"\n' >"$app/app/run.sh"
  chmod 0755 "$app/app/run.sh"

  berth_build image "$work/multi-layer" --tag latest --platform linux/amd64 --created "$created" \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env JAVA_HOME=/opt/jdk \
    --workdir /app --cmd sh \
    --layer "dir:$base" --created-by 'ADD busybox-static (amd64) /' \
    --layer "overlay:$up2" --created-by 'RUN cp -a jdk /opt/jdk && populate /data /etc/motd' \
    --layer "diff:$lower3:$upper3" --created-by 'RUN rm -r /etc/motd /data/remove-me /data/keep/b.txt && edit /data' \
    --layer "overlay:$up4" --created-by 'RUN rm -rf /data/old && mkdir /data/old && rm /data/keep/c.txt' \
    --layer "dir:$app" --created-by 'COPY app /app'
  publish multi-layer
}

for name in "${images[@]}"; do
  if [[ ! -f $out/$name/index.json ]]; then
    "build_${name//-/_}"
  fi
done
