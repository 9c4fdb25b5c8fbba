#!/usr/bin/env bash
# Rebuilds the berth guest from Debian bookworm packages and writes it to public/guest/:
# an i386 kernel (linux-source-6.1, tinyconfig + kernel/berth.config), an initramfs holding
# busybox, a static crun built from Debian's crun source without systemd, and the berth agent,
# plus the SeaBIOS image v86 boots with.
# Work files live in $BERTH_BUILD_DIR (default /var/tmp/berth-images) and are reused between runs.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGES=$REPO/images
OUT=$REPO/public/guest
WORK=${BERTH_BUILD_DIR:-/var/tmp/berth-images}
JOBS=${BERTH_JOBS:-$(nproc)}

# tsc=reliable: no clocksource watchdog, so a throttled tab cannot demote the TSC to a slow clock.
# init_on_free=1: freed pages are zeroed, and v86 leaves zero pages out of a saved state, so the
# snapshot holds the memory in use, not all the memory ever touched (17.5 instead of 20.5 MiB at
# 512 MiB). It costs ~5% more instructions to boot at 512 MiB, none measurable per container run.
CMDLINE="console=ttyS0 quiet tsc=reliable init_on_free=1"
# The default guest memory (berth daemon --memory and the page's setting change it).
MEMORY_MIB=512
# BusyBox applets linked in the initramfs, for debugging with rdinit=/bin/sh (every link costs boot
# time: all ~400 of them add ~0.6 s). The rest stay reachable as `busybox APPLET`.
APPLETS=(sh cat chmod cp dmesg echo grep hostname ip kill ln ls mkdir mount ps rm sleep umount uname)
INITRD=initramfs.cpio

HOST_PKGS=(linux-source-6.1 gcc gcc-multilib make bc flex bison xz-utils lz4 binutils seabios python3 gperf
	dpkg-dev e2fsprogs)
# i386 packages whose files end up in the guest: busybox as is, the others as static libraries
# (libseccomp and libcap in crun, musl in the agent).
GUEST_PKGS=(busybox-static libseccomp-dev libcap-dev musl-dev)
# Host packages with static libraries in the guest: glibc in crun, libgcc in crun and the agent.
STATIC_PKGS=(libc6-dev-i386 lib32gcc-12-dev)
# Short licence names for SOURCES.md (the full texts are the shipped copyright files).
declare -A LICENCE=(
	[linux-source-6.1]="GPL-2.0-only"
	[seabios]="LGPL-3.0-or-later"
	[crun]="GPL-2.0-or-later (libcrun LGPL-2.1-or-later, embedded yajl ISC)"
	[busybox-static]="GPL-2.0-only"
	[libseccomp-dev]="LGPL-2.1-only"
	[libcap-dev]="BSD-3-Clause or GPL-2.0-only"
	[musl-dev]="MIT"
	[libc6-dev-i386]="LGPL-2.1-or-later (parts GPL-2.0-or-later with linking exception, BSD, ISC)"
	[lib32gcc-12-dev]="GPL-3.0-or-later with GCC Runtime Library Exception"
)

log() { printf '==> %s\n' "$*" >&2; }
# apt-get run as root downloads unsandboxed and warns about it; only that line is dropped.
apt_quiet() { "$@" 2> >(grep -v '^W: Download is performed unsandboxed' >&2); }
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
	make -s -C "$src" O="$kb" ARCH=i386 olddefconfig >"$kb/olddefconfig.log" 2>&1
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
	rm -f "$debs"/*.deb
	(cd "$debs" && apt_quiet apt-get download -q "${GUEST_PKGS[@]/%/:i386}" >/dev/null)
	rm -rf "$WORK/debroot"
	mkdir -p "$WORK/debroot"
	for p in "${GUEST_PKGS[@]}"; do
		dpkg-deb -x "$debs/${p}"_*_i386.deb "$WORK/debroot"
	done
}

# apt-get with a private deb-src list derived from the machine's Debian sources (system config untouched).
apt_src() {
	local a=$WORK/apt-src
	apt-get -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$a/sources" \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" "$@"
}

fetch_crun_source() {
	local a=$WORK/apt-src f
	CRUN_VERSION=$(apt-cache policy crun | sed -n 's/^ *Candidate: //p')
	CRUN_SRC=$WORK/src/crun_$CRUN_VERSION
	[ -f "$CRUN_SRC/configure" ] && return
	log "downloading the crun $CRUN_VERSION source package"
	rm -rf "$a"
	mkdir -p "$a/sources" "$a/lists/partial" "$a/cache/archives/partial" "$WORK/src"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' "$f"
	done >"$a/sources/debian.list"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && grep -qi debian "$f" && sed 's/^Types: deb$/Types: deb-src/' "$f" >"$a/sources/$(basename "$f")"
	done
	apt_src update -qq
	rm -rf "$WORK/src/unpack"
	mkdir -p "$WORK/src/unpack"
	(cd "$WORK/src/unpack" && apt_quiet apt_src source -qq "crun=$CRUN_VERSION" >/dev/null)
	rm -rf "$CRUN_SRC"
	mv "$WORK/src/unpack/crun-${CRUN_VERSION%%-*}" "$CRUN_SRC"
	cp "$WORK/src/unpack"/*.dsc "$WORK/src/"
	rm -rf "$WORK/src/unpack"
}

# crun without systemd (libsystemd and its dependency chain cost ~3 MB and ~0.4 s per crun call in
# the emulator), linked statically against libseccomp, libcap and glibc.
build_crun() {
	local b=$WORK/crun-build-$CRUN_VERSION sys=$WORK/debroot
	local cflags="-Os -ffunction-sections -fdata-sections" ldflags="-all-static -Wl,--gc-sections"
	if [ ! -x "$b/crun" ] || [ "$(cat "$b/.berth-flags" 2>/dev/null)" != "$cflags $ldflags" ]; then
		log "building crun $CRUN_VERSION"
		rm -rf "$b"
		cp -a "$CRUN_SRC" "$b"
		(
			cd "$b"
			run() { "$@" >>"$b/build.log" 2>&1 || { tail -n 30 "$b/build.log" >&2; exit 1; }; }
			run ./configure CC="gcc -m32" CFLAGS="$cflags" CPPFLAGS="-I$sys/usr/include" \
				LDFLAGS="-L$sys/usr/lib/i386-linux-gnu" --enable-embedded-yajl --disable-systemd \
				--disable-criu --disable-dl --disable-shared --enable-static
			run make -j"$JOBS" -C libocispec
			run make .version git-version.h
			run make -j"$JOBS" crun CPPFLAGS="-I$sys/usr/include -I$b/libocispec/yajl/src/headers" \
				LDFLAGS="$ldflags -L$sys/usr/lib/i386-linux-gnu"
		)
		echo "$cflags $ldflags" >"$b/.berth-flags"
	fi
	strip -o "$WORK/crun" "$b/crun"
}

# The agent is linked statically against musl: ~100 KB instead of ~850 KB with glibc.
build_agent() {
	local m=$WORK/debroot/usr/lib/i386-linux-musl
	log "compiling berth-agent"
	sed "s|/usr/|$WORK/debroot/usr/|g; s|-nostdlib|-m elf_i386 -nostdlib|" "$m/musl-gcc.specs" >"$WORK/musl.specs"
	gcc -m32 -march=i686 -specs="$WORK/musl.specs" -static -O2 -Wall -Wextra -Wno-format-truncation \
		-D_GNU_SOURCE -s -o "$WORK/berth-agent" "$IMAGES"/agent/*.c
}

# The empty ext4 filesystem of a container's writable layer (its size is the engine's slot size,
# layerDiskBytes in worker/disks/), kept as its non-zero 512-byte sector runs: u32le first sector,
# u32le sector count, the sectors. The agent writes it onto a new layer disk. A fixed time, UUID and
# hash seed make it reproducible; inode tables and journal are zeroed now (a disk reads zeros where
# nothing was written), so the guest never initialises them.
build_layer_template() {
	local img=$WORK/layer.ext4
	log "making the layer disk template"
	rm -f "$img"
	truncate -s 8G "$img"
	E2FSPROGS_FAKE_TIME=$(stat -c %Y /usr/src/linux-source-6.1.tar.xz) mkfs.ext4 -q -F -b 4096 -m 0 -J size=8 -L berth-layer \
		-O ^64bit,^resize_inode,^huge_file -U 00000000-0000-4000-8000-000000000001 \
		-E lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0,hash_seed=00000000-0000-4000-8000-000000000002 "$img"
	python3 - "$img" "$WORK/layer.ext4runs" <<'EOF'
import struct, sys
zero, runs, sector = bytes(512), [], 0
with open(sys.argv[1], "rb") as image:
    while block := image.read(1 << 20):
        for at in range(0, len(block), 512):
            data = block[at:at + 512]
            if data != zero:
                if runs and runs[-1][0] + len(runs[-1][1]) == sector:
                    runs[-1][1].append(data)
                else:
                    runs.append((sector, [data]))
            sector += 1
with open(sys.argv[2], "wb") as out:
    for first, sectors in runs:
        out.write(struct.pack("<II", first, len(sectors)) + b"".join(sectors))
EOF
	rm -f "$img"
}

build_initramfs() {
	local root=$WORK/debroot stage=$WORK/stage list=$WORK/initramfs.list applet d
	log "assembling the initramfs"
	rm -rf "$stage"
	mkdir -p "$stage"
	cp "$WORK/berth-agent" "$stage/init"
	cp "$WORK/crun" "$stage/crun"
	strip -o "$stage/busybox" "$root/bin/busybox"
	cp "$WORK/layer.ext4runs" "$stage/"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/passwd"
	printf 'root:x:0:\ntty:x:5:\n' >"$stage/group"
	{
		for d in /bin /sbin /usr /usr/bin /usr/sbin /usr/share /usr/share/berth /dev /proc /sys /run /tmp /mnt /mnt/host /etc /root; do
			echo "dir $d 0755 0 0"
		done
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "nod /dev/null 0666 0 0 c 1 3"
		echo "file /init $stage/init 0755 0 0"
		echo "slink /sbin/berth-agent /init 0777 0 0"
		echo "file /usr/bin/crun $stage/crun 0755 0 0"
		echo "file /bin/busybox $stage/busybox 0755 0 0"
		for applet in $("$root/bin/busybox" --list-full); do
			case " ${APPLETS[*]} " in *" ${applet##*/} "*) echo "slink /$applet /bin/busybox 0777 0 0" ;; esac
		done
		echo "file /etc/passwd $stage/passwd 0644 0 0"
		echo "file /etc/group $stage/group 0644 0 0"
		echo "file /usr/share/berth/layer.ext4runs $stage/layer.ext4runs 0644 0 0"
	} >"$list"
	rm -f "$OUT"/initramfs.cpio*
	# gen_init_cpio takes a file's own mtime, so pin every staged file's to make the archive reproducible.
	local epoch
	epoch=$(stat -c %Y /usr/src/linux-source-6.1.tar.xz)
	touch -h -d "@$epoch" "$stage"/*
	# Uncompressed: it fits the 4 MB budget, and unpacking even LZ4 costs ~0.4 s more in the emulator.
	"$GEN_INIT_CPIO" -t "$epoch" "$list" >"$OUT/$INITRD"
}

# v86 boots the serial-console guest without a VGA BIOS, which saves ~0.1 s of POST.
copy_bios() {
	rm -f "$OUT/vgabios-stdvga.bin"
	cp /usr/share/seabios/bios.bin "$OUT/"
}

# Copyright files, SOURCES.md, manifest.json and SHA256SUMS.
write_metadata() {
	local lic=$OUT/licenses p f
	rm -rf "$lic"
	mkdir -p "$lic"
	for p in linux-source-6.1 seabios "${STATIC_PKGS[@]}"; do
		cp "/usr/share/doc/$p/copyright" "$lic/$p.copyright"
	done
	for p in "${GUEST_PKGS[@]}"; do
		cp "$WORK/debroot/usr/share/doc/$p/copyright" "$lic/$p.copyright"
	done
	cp "$CRUN_SRC/debian/copyright" "$lic/crun.copyright"

	row() { # package, architecture, version, source package
		[ -n "${LICENCE[$1]:-}" ] || { echo "no licence recorded for $1" >&2; exit 1; }
		printf '| %s | %s | %s | %s | %s | `licenses/%s.copyright` |\n' "$1" "$2" "$3" "$4" "${LICENCE[$1]}" "$1"
	}
	{
		echo "# Sources of the berth guest"
		echo
		echo "Generated by \`images/build.sh\`. Every file in \`public/guest/\` is built from, or copied out of,"
		echo "these Debian bookworm packages; the agent (\`/init\`) is berth's own code in \`images/agent/\`."
		echo
		echo "| package | architecture | version | Debian source package | licence | copyright file |"
		echo "| --- | --- | --- | --- | --- | --- |"
		row linux-source-6.1 all "$(pkg_version linux-source-6.1)" linux
		row seabios all "$(pkg_version seabios)" seabios
		row crun source "$CRUN_VERSION" crun
		for p in "${GUEST_PKGS[@]}"; do
			f=$(ls "$WORK/debs/${p}"_*_i386.deb)
			row "$p" i386 "$(dpkg-deb -f "$f" Version)" "$(dpkg-deb -f "$f" Source | cut -d' ' -f1)"
		done
		for p in "${STATIC_PKGS[@]}"; do
			row "$p" amd64 "$(pkg_version "$p")" "$(dpkg-query -W -f='${source:Package}' "$p")"
		done
		echo
		echo "How each is used: the kernel is built from \`linux-source-6.1\` with \`images/kernel/config-full\`;"
		echo "\`bios.bin\` is SeaBIOS as shipped; \`/bin/busybox\` is Debian's static BusyBox; \`/usr/bin/crun\` is built"
		echo "from the \`crun\` source package without systemd support and linked statically against libseccomp and"
		echo "libcap (from their i386 -dev packages) and the GNU C library and libgcc (from the two host packages);"
		echo "\`/init\` (the agent) is linked statically against musl (from \`musl-dev\`)."
		echo
		echo "The copyright files are shipped in \`public/guest/licenses/\`."
		echo
		echo "## Source availability"
		echo
		echo "Linux, BusyBox and crun are licensed under the GNU GPL; SeaBIOS, the GNU C library, libcrun and"
		echo "libseccomp under the GNU LGPL. The complete corresponding source code of every binary in"
		echo "\`public/guest/\` is the Debian source package of the exact version listed above, obtainable from the"
		echo "Debian archive and its snapshot service (for example \`apt-get source crun=$CRUN_VERSION\`), together"
		echo "with the build recipe in \`images/\` of this repository. The berth maintainers will also provide"
		echo "that source on request for at least three years after they last distributed the binaries."
	} >"$IMAGES/SOURCES.md"

	(
		cd "$OUT"
		sha256sum bzImage "$INITRD" bios.bin >SHA256SUMS
		python3 - "$CMDLINE" "$MEMORY_MIB" "$INITRD" <<'EOF'
import json, sys
cmdline, mem, initrd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sums = dict(reversed(l.split()) for l in open("SHA256SUMS"))
manifest = {"kernel": "bzImage", "initrd": initrd, "bios": "bios.bin", "vgaBios": None,
            "cmdline": cmdline, "memoryMiB": mem, "sha256": sums}
with open("manifest.json", "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
EOF
	)
}

# The embedded busybox OCI image (public/images/busybox), built by our own OCI writer.
build_default_image() {
	log "building the default busybox image"
	(cd "$REPO" && node --import tsx images/default-image.ts)
}

main() {
	local t0=$SECONDS
	install_host_packages
	mkdir -p "$WORK" "$OUT"
	build_kernel
	fetch_guest_packages
	fetch_crun_source
	build_crun
	build_agent
	build_layer_template
	build_initramfs
	copy_bios
	write_metadata
	build_default_image
	log "done in $((SECONDS - t0)) s:"
	ls -l "$OUT" >&2
}

main "$@"
