#!/usr/bin/env bash
# Builds the experiment kernel of test/bench/nic-path-figures.ts: the production configuration
# (tinyconfig + images/kernel/berth.config, as images/build.sh makes it) plus images/kernel/nic.config
# (v86's virtio network card). Writes $BERTH_BUILD_DIR/bzImage-nic (default /var/tmp/berth-images-nic)
# and never touches public/guest/. Reuses build.sh's unpacked kernel source when it is there.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${BERTH_BUILD_DIR:-/var/tmp/berth-images-nic}
JOBS=${BERTH_JOBS:-$(nproc)}
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$WORK/linux-$ver
kb=$WORK/kbuild-$ver
fragments=("$REPO/images/kernel/berth.config" "$REPO/images/kernel/nic.config")

mkdir -p "$WORK" "$kb"
if [ ! -f "$src/Makefile" ]; then
	rm -rf "$src" "$WORK/linux-source-6.1"
	tar -C "$WORK" -xJf /usr/src/linux-source-6.1.tar.xz
	mv "$WORK/linux-source-6.1" "$src"
fi
make -s -C "$src" O="$kb" ARCH=i386 tinyconfig >/dev/null
KCONFIG_CONFIG="$kb/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$kb" "$kb/.config" "${fragments[@]}" >/dev/null
make -s -C "$src" O="$kb" ARCH=i386 olddefconfig >"$kb/olddefconfig.log" 2>&1
grep -qx CONFIG_VIRTIO_NET=y "$kb/.config" || { echo "kernel config lacks CONFIG_VIRTIO_NET=y" >&2; exit 1; }
make -s -C "$src" O="$kb" ARCH=i386 -j"$JOBS" \
	KBUILD_BUILD_USER=berth KBUILD_BUILD_HOST=berth KBUILD_BUILD_VERSION=1 bzImage
cp "$kb/arch/x86/boot/bzImage" "$WORK/bzImage-nic"
ls -l "$WORK/bzImage-nic"
