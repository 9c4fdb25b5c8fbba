#!/usr/bin/env bash
# Rebuilds the berth guest from Debian bookworm packages and writes it to public/guest/:
# an i386 kernel (linux-source-6.1, tinyconfig + kernel/berth.config), an initramfs holding
# busybox, crun with its libraries and the berth agent, and the SeaBIOS images v86 boots with.
# Work files live in $BERTH_BUILD_DIR (default /var/tmp/berth-images) and are reused between runs.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGES=$REPO/images
OUT=$REPO/public/guest
WORK=${BERTH_BUILD_DIR:-/var/tmp/berth-images}
JOBS=${BERTH_JOBS:-$(nproc)}

CMDLINE="console=ttyS0 quiet lpj=4000000 tsc=reliable no_timer_check random.trust_cpu=off"
MEMORY_MIB=128
INITRD=initramfs.cpio.zst

HOST_PKGS=(linux-source-6.1 gcc gcc-multilib make bc flex bison libelf-dev libssl-dev cpio xz-utils zstd
	binutils seabios python3)
# Guest packages (i386): every shipped file comes from one of these.
GUEST_PKGS=(busybox-static crun libc6 libcap2 libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libseccomp2
	libsystemd0 libyajl2 libzstd1)
# Short licence names for SOURCES.md (the full texts are the shipped copyright files).
declare -A LICENCE=(
	[linux-source-6.1]="GPL-2.0-only"
	[seabios]="LGPL-3.0-or-later"
	[busybox-static]="GPL-2.0-only"
	[crun]="GPL-2.0-or-later (libcrun: LGPL-2.1-or-later)"
	[libc6]="LGPL-2.1-or-later (parts GPL-2.0-or-later with exception, BSD, ISC)"
	[libcap2]="BSD-3-Clause or GPL-2.0-only"
	[libgcrypt20]="LGPL-2.1-or-later"
	[libgpg-error0]="LGPL-2.1-or-later"
	[liblz4-1]="BSD-2-Clause"
	[liblzma5]="public domain (liblzma)"
	[libseccomp2]="LGPL-2.1-only"
	[libsystemd0]="LGPL-2.1-or-later"
	[libyajl2]="ISC"
	[libzstd1]="BSD-3-Clause or GPL-2.0-only"
)

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_host_packages() {
	local missing=() p
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		log "adding the i386 architecture"
		as_root dpkg --add-architecture i386
		as_root apt-get update
	fi
	for p in "${HOST_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]}"
		as_root apt-get install -y --no-install-recommends "${missing[@]}" ||
			{ as_root apt-get update && as_root apt-get install -y --no-install-recommends "${missing[@]}"; }
	fi
}

pkg_version() { dpkg-query -W -f='${Version}' "$1"; }

build_kernel() {
	local ver src kb frag=$IMAGES/kernel/berth.config line key
	ver=$(pkg_version linux-source-6.1)
	src=$WORK/linux-$ver
	kb=$WORK/kbuild-$ver
	if [ ! -f "$src/Makefile" ]; then
		log "unpacking linux-source-6.1 $ver"
		rm -rf "$src" "$WORK/linux-source-6.1"
		tar -C "$WORK" -xJf /usr/src/linux-source-6.1.tar.xz
		mv "$WORK/linux-source-6.1" "$src"
	fi
	mkdir -p "$kb"
	log "configuring the kernel (tinyconfig + $(basename "$frag"))"
	make -s -C "$src" O="$kb" ARCH=i386 tinyconfig >/dev/null
	KCONFIG_CONFIG="$kb/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$kb" "$kb/.config" "$frag" >/dev/null
	make -s -C "$src" O="$kb" ARCH=i386 olddefconfig >/dev/null
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) grep -qxF "$line" "$kb/.config" || { echo "kernel config lacks $line" >&2; exit 1; } ;;
		"# CONFIG_"*" is not set")
			key=${line#\# }
			key=${key%% *}
			! grep -q "^$key=" "$kb/.config" || { echo "kernel config still sets $key" >&2; exit 1; }
			;;
		esac
	done <"$frag"
	log "building bzImage with $JOBS jobs"
	# Fixed build identity so that rebuilding the same sources gives the same `uname -v`.
	make -s -C "$src" O="$kb" ARCH=i386 -j"$JOBS" \
		KBUILD_BUILD_USER=berth KBUILD_BUILD_HOST=berth KBUILD_BUILD_VERSION=1 \
		KBUILD_BUILD_TIMESTAMP="$(date -u -R -d "@$(stat -c %Y /usr/src/linux-source-6.1.tar.xz)")" bzImage
	cp "$kb/arch/x86/boot/bzImage" "$OUT/bzImage"
	cp "$kb/.config" "$IMAGES/kernel/config-full"
	GEN_INIT_CPIO=$kb/usr/gen_init_cpio
}

fetch_guest_packages() {
	local debs=$WORK/debs p
	mkdir -p "$debs"
	log "downloading i386 packages"
	(cd "$debs" && rm -f ./*.deb && apt-get download -q "${GUEST_PKGS[@]/%/:i386}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
	rm -rf "$WORK/debroot"
	mkdir -p "$WORK/debroot"
	for p in "${GUEST_PKGS[@]}"; do
		compgen -G "$debs/${p}_*_i386.deb" >/dev/null || { echo "download of $p:i386 failed" >&2; exit 1; }
		dpkg-deb -x "$debs/${p}"_*_i386.deb "$WORK/debroot"
	done
}

build_agent() {
	log "compiling berth-agent"
	gcc -m32 -march=i686 -O2 -Wall -Wextra -Wno-format-truncation -D_GNU_SOURCE -s \
		-o "$WORK/berth-agent" "$IMAGES"/agent/*.c
}

# Prints the shared libraries (paths in debroot) that the given ELF files need, transitively.
needed_libs() {
	local root=$WORK/debroot todo=("$@") seen=" " f lib path
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			path=""
			for d in lib/i386-linux-gnu usr/lib/i386-linux-gnu; do
				[ -e "$root/$d/$lib" ] && path=$root/$d/$lib && break
			done
			[ -n "$path" ] || { echo "no package provides $lib" >&2; exit 1; }
			echo "$path"
			todo+=("$path")
		done
	done
}

build_initramfs() {
	local root=$WORK/debroot stage=$WORK/stage list=$WORK/initramfs.list lib name applet
	log "assembling the initramfs"
	rm -rf "$stage"
	mkdir -p "$stage"
	cp "$WORK/berth-agent" "$stage/init"
	cp "$root/bin/busybox" "$stage/busybox"
	cp "$root/usr/bin/crun" "$stage/crun"
	{
		for d in /bin /sbin /usr /usr/bin /usr/sbin /lib /lib/i386-linux-gnu /dev /proc /sys /run /tmp /mnt \
			/mnt/host /etc /root; do
			echo "dir $d 0755 0 0"
		done
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "nod /dev/null 0666 0 0 c 1 3"
		echo "file /init $stage/init 0755 0 0"
		echo "file /bin/busybox $stage/busybox 0755 0 0"
		echo "file /usr/bin/crun $stage/crun 0755 0 0"
		for lib in $(needed_libs "$stage/crun" "$stage/init"); do
			name=$(basename "$lib")
			cp -L "$lib" "$stage/$name"
			echo "file /lib/i386-linux-gnu/$name $stage/$name 0755 0 0"
		done
		echo "slink /lib/ld-linux.so.2 i386-linux-gnu/ld-linux.so.2 0777 0 0"
		echo "slink /sbin/berth-agent /init 0777 0 0"
		for applet in $("$root/bin/busybox" --list-full); do
			[ "$applet" = bin/busybox ] || echo "slink /$applet /bin/busybox 0777 0 0"
		done
		echo "file /etc/passwd $stage/passwd 0644 0 0"
		echo "file /etc/group $stage/group 0644 0 0"
	} >"$list"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/passwd"
	printf 'root:x:0:\ntty:x:5:\n' >"$stage/group"
	strip --strip-unneeded "$stage"/*.so* "$stage/crun" "$stage/busybox" 2>/dev/null || true
	"$GEN_INIT_CPIO" -t "$(stat -c %Y /usr/src/linux-source-6.1.tar.xz)" "$list" >"$WORK/initramfs.cpio"
	zstd -q -19 -f "$WORK/initramfs.cpio" -o "$OUT/$INITRD"
}

copy_bios() {
	cp /usr/share/seabios/bios.bin /usr/share/seabios/vgabios-stdvga.bin "$OUT/"
}

# Copyright files, SOURCES.md, manifest.json and SHA256SUMS.
write_metadata() {
	local lic=$OUT/licenses p ver src f
	rm -rf "$lic"
	mkdir -p "$lic"
	cp /usr/share/doc/linux-source-6.1/copyright "$lic/linux-source-6.1.copyright"
	cp /usr/share/doc/seabios/copyright "$lic/seabios.copyright"
	for p in "${GUEST_PKGS[@]}"; do
		cp "$WORK/debroot/usr/share/doc/$p/copyright" "$lic/$p.copyright"
	done

	{
		echo "# Sources of the berth guest"
		echo
		echo "Generated by \`images/build.sh\`. Every file in \`public/guest/\` is built from, or copied out of,"
		echo "these Debian bookworm packages. The agent (\`/init\`) is berth's own code in \`images/agent/\`."
		echo
		echo "| package | architecture | version | licence | copyright file |"
		echo "| --- | --- | --- | --- | --- |"
		printf '| linux-source-6.1 | all | %s | %s | `licenses/linux-source-6.1.copyright` |\n' \
			"$(pkg_version linux-source-6.1)" "${LICENCE[linux-source-6.1]}"
		printf '| seabios | all | %s | %s | `licenses/seabios.copyright` |\n' \
			"$(pkg_version seabios)" "${LICENCE[seabios]}"
		for p in "${GUEST_PKGS[@]}"; do
			f=$(ls "$WORK/debs/${p}"_*_i386.deb)
			ver=$(dpkg-deb -f "$f" Version)
			src=$(dpkg-deb -f "$f" Source)
			[ -n "${LICENCE[$p]:-}" ] || { echo "no licence recorded for $p" >&2; exit 1; }
			printf '| %s%s | i386 | %s | %s | `licenses/%s.copyright` |\n' \
				"$p" "${src:+ (source: ${src%% *})}" "$ver" "${LICENCE[$p]}" "$p"
		done
		echo
		echo "Copyright files are shipped in \`public/guest/licenses/\`."
		echo
		echo "## Source availability"
		echo
		echo "The kernel, BusyBox, crun, SeaBIOS and the GNU C library and other libraries above are free"
		echo "software under the GNU GPL or LGPL (among other licences). The complete corresponding source"
		echo "code of each binary shipped here is the Debian source package of the version listed above,"
		echo "available from the Debian archive and its snapshot service (\`apt-get source PACKAGE=VERSION\`)."
		echo "The kernel is built from \`linux-source-6.1\` with the configuration in \`images/kernel/config-full\`."
		echo "On request, the berth maintainers will provide that source for at least three years from the"
		echo "date they distributed the binaries."
	} >"$IMAGES/SOURCES.md"

	local vga='"vgabios-stdvga.bin"'
	[ -f "$OUT/vgabios-stdvga.bin" ] || vga=null
	(
		cd "$OUT"
		sha256sum bzImage "$INITRD" bios.bin $([ "$vga" = null ] || echo vgabios-stdvga.bin) >SHA256SUMS
		python3 - "$CMDLINE" "$MEMORY_MIB" "$INITRD" "$vga" <<'EOF'
import json, sys
cmdline, mem, initrd, vga = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
sums = dict(reversed(l.split()) for l in open("SHA256SUMS"))
manifest = {"kernel": "bzImage", "initrd": initrd, "bios": "bios.bin", "vgaBios": vga,
            "cmdline": cmdline, "memoryMiB": mem, "sha256": sums}
with open("manifest.json", "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
EOF
	)
}

main() {
	local t0=$SECONDS
	install_host_packages
	mkdir -p "$WORK" "$OUT"
	build_kernel
	fetch_guest_packages
	build_agent
	build_initramfs
	copy_bios
	write_metadata
	log "done in $((SECONDS - t0)) s:"
	ls -l "$OUT" >&2
}

main "$@"
