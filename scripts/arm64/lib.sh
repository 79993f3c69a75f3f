# SPDX-License-Identifier: GPL-2.0
# arm64 dom0less rows: sourced by scripts/scenarios/arm64-*.sh and by
# scripts/arm64/setup.sh.  Builds on scripts/xenboot.sh (scenario,
# milestone, expect_line, pass/fail/skip, the initramfs helpers) and adds:
#
#   a64_scenario NAME             scenario NAME, kept across one stall retry
#   a64_dom0_initramfs DOM0_SH    dom0: busybox, xenstored, xen-init-dom0,
#                                 xenconsoled, init-dom0less, xl, xenstore-*,
#                                 our tools; /init is scripts/rootfs/dom0-init
#   domu_initramfs GUEST_SH       (xenboot.sh) the domU's, arm64 binaries
#   a64_boot DOMU_PROPS DOMU_ARGS device tree (scripts/arm64/mkdtb.sh) for
#                                 dom0 + one dom0less domU, then QEMU
#   host_seq ARGS...              the host's hvc_seq (expect, check)
#
# Variables (environment):
#   A64_KERNEL   dom0 + domU kernel (default $IMAGES/Image-arm64)
#   A64_STALL    seconds without serial output that count as a stall
#                (default 120); the first stall restarts the scenario once
#   BOOT_TIMEOUT hard limit for one QEMU run (default 480)
#   DOMU_MEM_MIB, DOMU_VCPUS   the domU's size (256, 1)
. "$(dirname "${BASH_SOURCE[0]}")/../xenboot.sh"

A64=$BUILD/arm64
A64_CROSS=aarch64-linux-gnu-
XEN_ROOT=$A64/root
XEN_ELF=$A64/xen
KIMAGE=${A64_KERNEL:-$IMAGES/Image-arm64}
GUEST_CROSS=$A64_CROSS
GUEST_SYSROOT=$XEN_ROOT
BUSYBOX=$XEN_ROOT/bin/busybox
BOOT_TIMEOUT=${BOOT_TIMEOUT:-480}
A64_STALL=${A64_STALL:-120}
# The machine, shared by the device-tree dump and the boot: the dumped tree
# describes exactly these CPUs, GIC and memory.
A64_MACHINE=(-machine virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 2 -m 2048)
A64_XEN_ARGS=${A64_XEN_ARGS:-"console=dtuart dtuart=/pl011@9000000 dom0_mem=512M dom0_max_vcpus=1 bootscrub=0 loglvl=all guest_loglvl=all sync_console noreboot"}
A64_DOM0_ARGS=${A64_DOM0_ARGS:-"console=hvc0"}

# a64_find_lib NAME: NAME in the unpacked arm64 root's library folders.
a64_find_lib() {
	local d
	for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
		if [ -e "$XEN_ROOT/$d/$1" ]; then
			echo "$XEN_ROOT/$d/$1"
			return 0
		fi
	done
	return 1
}

# libs_of FILE... (replaces xenboot.sh's ldd walk, which copy_with_libs
# uses): arm64 binaries do not run here, so follow readelf's NEEDED entries
# and the program interpreter through $XEN_ROOT, transitively.
libs_of() {
	local todo=("$@") seen=" " f lib path interp
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		interp=$(readelf -l "$f" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)\]$/\1/p')
		[ -z "$interp" ] || echo "$XEN_ROOT$interp"
		for lib in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			case "$seen" in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			path=$(a64_find_lib "$lib") || die "arm64: $f needs $lib, not in $XEN_ROOT"
			echo "$path"
			todo+=("$path")
		done
	done | sort -u
}

host_seq() {
	"$(GUEST_CROSS='' guest_tools)/hvc_seq" "$@"
}

# a64_scenario NAME: scenario NAME; after a stall retry (a64_watchdog) the
# wall time still counts from the first start and the verdict says so.
a64_scenario() {
	[ -x "$BUSYBOX" ] || die "no arm64 root at $XEN_ROOT: run scripts/arm64/setup.sh"
	scenario "$1"
	A64_T0=${A64_T0:-$T_START}
	T_START=$A64_T0
	export A64_T0
	WATCHDOG=a64_watchdog
	if [ "${A64_RETRIED:-0}" = 1 ]; then
		VERDICT_NOTE=" (boot retried once after a stall: $LOGS/$SCEN.stalled.serial.log)"
		echo "==> [$SCEN] this is the retry after a stall"
	fi
}

# a64_watchdog: called by milestone on every poll.  A serial log that has
# not grown for $A64_STALL s is a stall: the first one restarts the whole
# scenario (logged, the stalled log kept), the second fails it.
a64_watchdog() {
	local size now
	size=$(stat -c %s "$SERIAL")
	now=$(date +%s)
	if [ "$size" != "${A64_WD_SIZE:-}" ]; then
		A64_WD_SIZE=$size
		A64_WD_T=$now
		return 0
	fi
	[ $((now - A64_WD_T)) -ge "$A64_STALL" ] || return 0
	[ "${A64_RETRIED:-0}" = 0 ] ||
		fail "stalled again: no serial output for $A64_STALL s (after one retry)"
	echo "==> [$SCEN] STALL: no serial output for $A64_STALL s; retrying the boot once"
	echo "$(date -u +%FT%TZ) $SCEN stalled after $((now - T_START)) s; retried" >>"$LOGS/arm64-stalls.log"
	scenario_cleanup
	trap - EXIT
	cp "$SERIAL" "$LOGS/$SCEN.stalled.serial.log"
	A64_RETRIED=1 exec "$0"
}

# a64_dom0_initramfs DOM0_SH: dom0's initramfs, $OUT/dom0.cpio.gz.
a64_dom0_initramfs() {
	local d=$OUT/dom0-root tools bin=$XEN_ROOT/usr/lib/xen-4.17/bin
	tools=$(guest_tools)
	rm -rf "$d"
	busybox_into "$d"
	mkdir -p "$d/etc/xen" "$d/var/lib/xen" "$d/var/log/xen" "$d/var/lock" "$d/lib"
	ln -s /run "$d/var/run"
	: >"$d/etc/xen/xl.conf"
	copy_with_libs "$d" "$bin"/{xenstored,xen-init-dom0,xenconsoled,init-dom0less,xl} \
		"$XEN_ROOT"/usr/bin/xenstore-{read,write,exists,ls,list,rm,chmod,watch} \
		"$tools/xencons-ctl" "$tools/hvc_seq"
	# xl's pthread_cancel loads it at run time; readelf cannot see that.
	cp -L "$(a64_find_lib libgcc_s.so.1)" "$d/lib/aarch64-linux-gnu/"
	install -m 755 "$ROOT/scripts/rootfs/dom0-init" "$d/init"
	install -m 644 "$ROOT/scripts/rootfs/dom0-lib.sh" "$d/lib/dom0-lib.sh"
	install -m 644 "$ROOT/scripts/arm64/dom0-arm64.sh" "$d/lib/dom0-arm64.sh"
	printf '. /lib/dom0-arm64.sh\n%s\n' "$1" >"$d/dom0.sh"
	pack_cpio "$d" "$OUT/dom0.cpio.gz"
}

# a64_boot DOMU_PROPS DOMU_ARGS: write the device tree for dom0 and one
# dom0less domU "domU1" (DOMU_PROPS: see mkdtb.sh, e.g. "vpl011,enhanced=enabled";
# DOMU_ARGS: its kernel command line) and start QEMU with the images placed
# where the tree says.
a64_boot() {
	local spec=$OUT/dtb.spec loaders l
	{
		echo "xen-bootargs $A64_XEN_ARGS"
		echo "dom0 $KIMAGE $OUT/dom0.cpio.gz $A64_DOM0_ARGS"
		echo "domu domU1 $KIMAGE $OUT/domu.cpio.gz ${DOMU_MEM_MIB:-256} ${DOMU_VCPUS:-1} $1 $2"
	} >"$spec"
	"$ROOT/scripts/arm64/mkdtb.sh" "$spec" "$OUT" >"$LOGS/$SCEN.mkdtb.log" 2>&1 ||
		fail "device tree: $(tail -n 3 "$LOGS/$SCEN.mkdtb.log")"
	mapfile -t loaders <"$OUT/loaders"
	# The host types on the serial line (a64_end): dom0 has the input.
	SERIAL_INPUT=1
	local qemu=(qemu-system-aarch64 "${A64_MACHINE[@]}" -display none -monitor none
		-no-reboot -serial stdio -kernel "$XEN_ELF" -dtb "$OUT/xen.dtb")
	for l in "${loaders[@]}"; do
		qemu+=(-device "loader,$l")
	done
	# Extra QEMU arguments for experiments, as for x86 (xenboot.sh).
	# shellcheck disable=SC2206
	qemu+=(${QEMU_EXTRA:-})
	qemu_start "${qemu[@]}"
}

# a64_boot_milestones: Xen's banner, dom0's and the domU's userspace.
a64_boot_milestones() {
	local mm
	mm=$(grep -Eo '^[0-9]+\.[0-9]+' "$A64/version")
	milestone "\\(XEN\\) Xen version ${mm//./\\.}" 120 "Xen $mm banner"
	milestone 'DOM0-USERSPACE' 240 "dom0 userspace"
	milestone 'GUEST-USERSPACE' 240 "domU userspace"
}

# a64_end: let dom0 power off (its last step is "wait_word a64-end") and
# wait for QEMU to exit.
a64_end() {
	type_serial a64-end
	milestone 'DOM0-DONE' 60 "dom0's power-off"
	wait_exit 60
}

# a64_serial_lines LINES PREFIX PATH: the Xen serial log must hold the
# numbered lines 1..LINES intact and in order (the host's own hvc_seq), each
# right after PREFIX, which names the PATH they took; sets RESULT.
a64_serial_lines() {
	local want via
	want=$(host_seq expect "$1")
	RESULT=$(host_seq check "$1" "$SERIAL" 2>"$OUT/check.err" || true)
	echo "    expected: $want"
	echo "    got:      $RESULT"
	[ "$RESULT" = "$want" ] ||
		fail "the Xen serial log does not hold the domU's lines 1..$1 intact: $RESULT"
	via=$(grep -cF -- "$2hvcseq " "$SERIAL" || true)
	[ "$via" = "$1" ] || fail "only $via of $1 numbered lines came as '$2' ($3)"
}
