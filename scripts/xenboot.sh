# SPDX-License-Identifier: GPL-2.0
# Library for real-Xen boot scenarios: sourced by scripts/scenarios/*.sh.
#
# A scenario sets its parts and calls the steps in order:
#   scenario NAME                 work folder $BUILD/scenarios/NAME; serial log,
#                                 QEMU command line and verdict in $LOGS/NAME.*
#   domu_initramfs GUEST_SH       busybox + hvc_seq + /init running GUEST_SH
#   dom0_initramfs DOM0_SH [FILE:PATH]...   Xen tools + domU kernel/initrd;
#                                 DOM0_SH is usually $(dom0_part FILE VAR...)
#   xen_boot                      start QEMU (Xen + our kernel as dom0)
#   milestone REGEX SECONDS WHAT  wait for a serial line, or fail with WHAT
#   expect_line REGEX WHAT        the log must hold REGEX
#   pass EVIDENCE / fail REASON   verdict; both end the scenario
#
# Variables (environment):
#   KERNEL_IMAGE  dom0 + domU kernel (default $IMAGES/bzImage-frontend, the
#               images of the base KERNEL selects)
#   DOMU_KERNEL domU kernel (default $KERNEL_IMAGE)
#   DOMU_TYPE   pv (default), pvh or hvm, for the domUs dom0 creates with pv_cfg
#   DOM0_DM=1   dom0 also gets the device model (QEMU, SeaBIOS): HVM, channels
#   SCENARIO_SUFFIX  appended to every scenario name (BASELINE runs)
#   SHOW=1      also copy the serial console to the terminal
#   BOOT_TIMEOUT  hard limit for one QEMU run in seconds (default 600)
#   QEMU_CPU, QEMU_ACCEL, QEMU_SMP, QEMU_EXTRA  override QEMU's -cpu, -accel
#               (tcg) and -smp (2), or add arguments, for experiments
# Set by scripts/arm64/lib.sh for the arm64 rows:
#   GUEST_CROSS, GUEST_SYSROOT   cross-build the guest tools (a compiler
#               prefix; the unpacked root holding libxen-dev)
#   BUSYBOX     the static busybox copied into initramfs trees
#   WATCHDOG    a function milestone calls on every poll
#   VERDICT_NOTE  appended to the verdict line
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KIMAGE=${KERNEL_IMAGE:-$IMAGES/bzImage-frontend}
DOMU_KERNEL=${DOMU_KERNEL:-$KIMAGE}
XEN_ELF=$XEN_DIR/xen.elf
XEN_ROOT=$XEN_DIR/root
XEN_CMDLINE=${XEN_CMDLINE:-"console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all sync_console dom0_mem=768M,max:768M dom0_max_vcpus=1 noreboot"}
DOM0_CMDLINE=${DOM0_CMDLINE:-"console=hvc0 earlyprintk=xen"}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}
QEMU_PID=
SHOW_PID=

scenario() {
	SCEN=$1${SCENARIO_SUFFIX:-}
	# Another Xen than the default: logs of their own.
	[ "$XEN" = debian-4.17 ] || SCEN=$SCEN-xen$(xen_mm)
	OUT=$BUILD/scenarios/$SCEN
	rm -rf "$OUT"
	mkdir -p "$OUT"
	SERIAL=$LOGS/$SCEN.serial.log
	VERDICT=$LOGS/$SCEN.verdict
	rm -f "$SERIAL" "$VERDICT"
	T_START=$(date +%s)
	[ -f "$XEN_ELF" ] || die "no Xen image at $XEN_ELF: run XEN=$XEN scripts/xen-fetch.sh"
	[ -f "$KIMAGE" ] || die "no kernel at $KIMAGE: run KERNEL=$KERNEL scripts/kbuild.sh"
	trap scenario_cleanup EXIT
	echo "==> [$SCEN] start"
}

scenario_cleanup() {
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		sleep 0.5
		kill -9 "$QEMU_PID" 2>/dev/null || true
	fi
	if [ -n "$SHOW_PID" ]; then
		kill "$SHOW_PID" 2>/dev/null || true
	fi
	QEMU_PID=
	SHOW_PID=
}

# Static helper binaries for the guests, built from tools/ in this repository
# (with $GUEST_CROSS: cross-built into $BUILD/guest-tools-<triplet>).
guest_tools() {
	local cross=${GUEST_CROSS:-}
	local dir=$BUILD/guest-tools${cross:+-${cross%-}}
	mkdir -p "$dir"
	# The console kselftests (hvc_seq, hvc_xen_console_test), built by
	# their own Makefile in the patched tree (lib.mk), static for the
	# initramfs (busybox, no C library).
	local kst=$KTREE/tools/testing/selftests/drivers/xen/console
	[ -f "$kst/Makefile" ] ||
		die "no $kst in the kernel tree: run scripts/base-tree.sh"
	make -s -C "$kst" OUTPUT="$dir" CROSS_COMPILE="$cross" \
		USERCFLAGS=-Werror LDFLAGS=-static >&2 || die "cannot build the console kselftests"
	# dom0's console-ring tool, built against this host's libxen-dev; the
	# libraries it links (stable sonames) come with the Xen under test.
	if [ -n "$cross" ]; then
		local lib=$GUEST_SYSROOT/usr/lib/${cross%-}
		make -s -C "$ROOT/tools/xen" O="$dir" CC="${cross}gcc" \
			CFLAGS="-O2 -g -I$GUEST_SYSROOT/usr/include" \
			LDFLAGS="-L$lib -Wl,-rpath-link,$lib:$GUEST_SYSROOT/lib/${cross%-}" >&2 ||
			die "cannot cross-build tools/xen"
		echo "$dir"
		return 0
	fi
	[ -f /usr/include/xengnttab.h ] || need_pkgs libxen-dev
	make -s -C "$ROOT/tools/xen" O="$dir" >&2 || die "cannot build tools/xen"
	echo "$dir"
}

# busybox_into DIR: $BUSYBOX (default the host's) with its applet links.
# The applet names come from the host's busybox: a foreign one cannot run.
busybox_into() {
	local dir=$1 app bb=${BUSYBOX:-/bin/busybox}
	mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root}
	[ -x /bin/busybox ] || need_pkgs busybox-static
	cp "$bb" "$dir/bin/busybox"
	if ldd "$bb" >/dev/null 2>&1; then
		die "$bb is not static: apt-get install busybox-static"
	fi
	for app in $(/bin/busybox --list); do
		[ -e "$dir/bin/$app" ] || ln -s busybox "$dir/bin/$app"
	done
}

pack_cpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$2"
}

# domu_initramfs GUEST_SH: the domU's initramfs, $OUT/domu.cpio.gz.
domu_initramfs() {
	local d=$OUT/domu-root tools
	tools=$(guest_tools)
	rm -rf "$d"
	busybox_into "$d"
	cp "$tools/hvc_seq" "$tools/hvc_xen_console_test" "$d/bin/"
	# xenstore-read/-write/-exists, so the guest can signal dom0 while its
	# console is deliberately not carrying anything.
	mkdir -p "$d/lib64"
	copy_with_libs "$d" "$XEN_ROOT"/usr/bin/xenstore-{read,write,exists}
	install -m 755 "$ROOT/scripts/rootfs/domu-init" "$d/init"
	printf '%s\n' "$1" >"$d/guest.sh"
	pack_cpio "$d" "$OUT/domu.cpio.gz"
}

# xen_lib_path: the library folders of the unpacked Xen, ':'-separated.
xen_lib_path() {
	local p
	for p in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib64 usr/lib64 usr/lib; do
		[ -d "$XEN_ROOT/$p" ] && printf '%s:' "$XEN_ROOT/$p"
	done
}

# xen_own_libc: the unpacked Xen brings its own C library (debian-unstable):
# its binaries are resolved by its own dynamic loader, and dom0's image
# takes no library from this host.
xen_own_libc() {
	[ -e "$XEN_ROOT/usr/lib/x86_64-linux-gnu/libc.so.6" ] ||
		[ -e "$XEN_ROOT/lib/x86_64-linux-gnu/libc.so.6" ]
}

# xen_loader: the dynamic loader of the Xen's own C library.
xen_loader() {
	local f
	for f in "$XEN_ROOT"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
		"$XEN_ROOT"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
		if [ -e "$f" ]; then
			echo "$f"
			return 0
		fi
	done
	die "the Xen under test ($XEN) has a libc.so.6 but no ld-linux-x86-64.so.2"
}

# libs_of FILE...: the libraries FILEs need, resolved against the unpacked
# Xen first, then this (Debian 12) host, unless the Xen has its own libc.
libs_of() {
	local f ld
	if xen_own_libc; then
		ld=$(xen_loader)
		# Its loader still falls back to this host's folders: a library
		# found there is one the Xen under test lacks.
		for f in "$@"; do
			"$ld" --library-path "$(xen_lib_path)" --list "$f" 2>/dev/null |
				awk -v r="$XEN_ROOT/" '/=> \// { print (index($3, r) == 1 ? $3 : "MISSING:" $1) }
					/not found/ { print "MISSING:" $1 }'
		done | sort -u
		return 0
	fi
	for f in "$@"; do
		LD_LIBRARY_PATH=$(xen_lib_path) ldd "$f" 2>/dev/null |
			awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
	done | sort -u
}

# copy_with_libs ROOT FILE...: FILEs into ROOT/bin with their libraries.
copy_with_libs() {
	local d=$1 f lib
	shift
	for f in "$@"; do
		cp "$f" "$d/bin/"
	done
	for lib in $(libs_of "$@"); do
		case "$lib" in
		MISSING:*) die "the Xen under test ($XEN) lacks ${lib#MISSING:}, which $* need" ;;
		"$XEN_ROOT"/*) dest=${lib#"$XEN_ROOT"} ;;
		*) dest=$lib ;;
		esac
		mkdir -p "$d$(dirname "$dest")"
		cp -L "$lib" "$d$dest"
	done
	loader_into "$d"
	mkdir -p "$d/etc"
	printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib >"$d/etc/ld.so.conf"
	ldconfig -r "$d"
}

# loader_into ROOT: the dynamic loader at ROOT/lib64, the Xen's own when it
# brings its C library, else this host's.
loader_into() {
	local ld=/lib64/ld-linux-x86-64.so.2
	mkdir -p "$1/lib64"
	[ -e "$1/lib64/ld-linux-x86-64.so.2" ] && return 0
	if xen_own_libc; then
		ld=$(xen_loader)
	fi
	cp -L "$ld" "$1/lib64/"
}

# The folders of the unpacked Xen that dom0 gets (Debian's usr/lib/xen-X.Y
# or a make dist tree's usr/lib/xen and libraries in usr/lib): the device
# model (QEMU, SeaBIOS, QEMU's option ROMs) only with DOM0_DM=1, because it
# doubles dom0's image.
dom0_xen_dirs() {
	local d
	for d in "$XEN_ROOT"/usr/lib/xen-[0-9]* "$XEN_ROOT"/usr/lib/xen \
		"$XEN_ROOT"/usr/lib/x86_64-linux-gnu "$XEN_ROOT"/lib/x86_64-linux-gnu \
		"$XEN_ROOT"/usr/lib64 "$XEN_ROOT"/lib64 \
		"$XEN_ROOT"/usr/bin "$XEN_ROOT"/usr/sbin "$XEN_ROOT"/etc; do
		if [ -e "$d" ]; then echo "${d#"$XEN_ROOT"/}"; fi
	done
	# A make dist tree keeps its libraries in usr/lib itself.
	(cd "$XEN_ROOT" && ls usr/lib/lib*.so* 2>/dev/null) || true
	[ "${DOM0_DM:-0}" = 1 ] || return 0
	for d in usr/libexec usr/share/seabios/bios-256k.bin \
		usr/share/qemu/linuxboot_dma.bin usr/share/qemu/linuxboot.bin \
		usr/share/qemu/kvmvapic.bin usr/share/qemu/keymaps/en-us; do
		[ -e "$XEN_ROOT/$d" ] && echo "$d"
	done
	return 0
}

# Host libraries the Xen binaries need, as resolved on this (Debian 12)
# host; none when the Xen brings its own C library, whose libraries must
# then all be there.
xen_host_libs() {
	local libs
	# shellcheck disable=SC2046
	libs=$(libs_of $(cd "$XEN_ROOT" && find $(dom0_xen_dirs) -type f -perm -u+x \
		-printf "$XEN_ROOT/%p\n" 2>/dev/null))
	if grep -q '^MISSING:' <<<"$libs"; then
		die "the Xen under test ($XEN) lacks libraries its tools need: $(grep '^MISSING:' <<<"$libs" | cut -d: -f2 | sort -u | tr '\n' ' ')(add their packages to scripts/xen-unstable-libs.txt)"
	fi
	xen_own_libc && return 0
	grep -v "^$XEN_ROOT" <<<"$libs" || true
	# xl's pthread_cancel loads it at run time; ldd cannot see that.
	ls /lib/x86_64-linux-gnu/libgcc_s.so.1
}

# dom0_part FILE [VAR...]: a dom0 program from scripts/scenarios/FILE, after
# one "VAR='value'" line for each named variable of the host script.
dom0_part() {
	local f=$ROOT/scripts/scenarios/$1 v
	shift
	[ -f "$f" ] || die "no dom0 part $f"
	for v in "$@"; do
		printf "%s='%s'\n" "$v" "${!v//\'/\'\\\'\'}"
	done
	cat "$f"
}

# dom0_initramfs DOM0_SH [SRC:DEST]...: dom0's initramfs, $OUT/dom0.cpio.gz.
# The domU kernel and $OUT/domu.cpio.gz (if any) go to /boot.
dom0_initramfs() {
	local d=$OUT/dom0-root tools lib extra
	local dom0_sh=$1
	shift
	# The device model: a Xen without one cannot run these rows.
	if [ "${DOM0_DM:-0}" = 1 ] &&
		! compgen -G "$XEN_ROOT/usr/libexec/*qemu-system-i386" >/dev/null &&
		! [ -x "$XEN_ROOT/usr/lib/xen/bin/qemu-system-i386" ]; then
		skip "needs a device model (DOM0_DM=1): Xen $(xen_version) ($XEN) has no qemu-system-i386 in usr/libexec or usr/lib/xen/bin (a QEMU built against this Xen's libraries$([ "$XEN" != xen-4.22 ] || echo "; Debian 12's qemu-system-xen links 4.17's")); XEN=debian-4.17 runs this row"
	fi
	tools=$(guest_tools)
	rm -rf "$d"
	busybox_into "$d"
	mkdir -p "$d/boot" "$d/etc/xen" "$d/lib" "$d/lib64" "$d/var/lib/xen" "$d/var/log/xen"
	ln -s /run "$d/var/run"
	mkdir -p "$d/var/lock"
	# Xen userspace from the unpacked Debian packages (no docs, no python).
	# shellcheck disable=SC2046
	(cd "$XEN_ROOT/" && find $(dom0_xen_dirs) \
		\( -path '*python*' -o -path '*/pygrub*' -o -path '*/pkgconfig' -o -path '*/ocaml*' \
		-o -name '*.a' \) -prune -o -print 2>/dev/null |
		cpio -pdm --quiet "$d")
	for lib in $(xen_host_libs); do
		mkdir -p "$d$(dirname "$lib")"
		cp -L "$lib" "$d$lib"
	done
	mkdir -p "$d/lib/x86_64-linux-gnu"
	loader_into "$d"
	printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib >"$d/etc/ld.so.conf"
	ldconfig -r "$d"
	: >"$d/etc/xen/xl.conf"
	cp "$tools/hvc_seq" "$tools/xencons-ctl" "$d/bin/"
	install -m 755 "$ROOT/scripts/rootfs/dom0-init" "$d/init"
	install -m 644 "$ROOT/scripts/rootfs/dom0-lib.sh" "$d/lib/dom0-lib.sh"
	printf 'DOMU_TYPE=%s\n%s\n' "${DOMU_TYPE:-pv}" "$dom0_sh" >"$d/dom0.sh"
	cp "$DOMU_KERNEL" "$d/boot/domU-bzImage"
	[ -f "$OUT/domu.cpio.gz" ] && cp "$OUT/domu.cpio.gz" "$d/boot/domU.cpio.gz"
	for extra in "$@"; do
		mkdir -p "$d$(dirname "${extra#*:}")"
		cp "${extra%%:*}" "$d${extra#*:}"
	done
	pack_cpio "$d" "$OUT/dom0.cpio.gz"
}

# qemu_cpu: the default -cpu.  Xen after 4.17 computes a PVH or HVM guest's
# CPUID leaf 0xD sizes from the XCR0 it saw the guest set (4.17 read them
# from the CPU), and QEMU's emulated SVM (7.2) does not intercept XSETBV:
# Xen never sees the write, the guest reads a size of 0 ("XSAVE consistency
# problem: size 832 != kernel_size 0" on 4.20) and crashes or hangs.  There
# XSAVE is hidden from Xen, and so from every guest.
qemu_cpu() {
	local cpu=max,-smap,-rdtscp,-monitor,family=23,model=1

	case $(xen_mm) in
	4.1[0-7] | 4.[0-9] | 3.* | unknown) echo "$cpu" ;;
	*) echo "$cpu,-xsave" ;;
	esac
}

# xen_boot: start QEMU with Xen and our kernel as dom0, serial to $SERIAL.
# With SERIAL_INPUT=1 the serial line's input is a FIFO: type_serial writes
# to it (Xen hands serial input to dom0 once dom0 runs).
xen_boot() {
	local qemu=(qemu-system-x86_64 -machine q35 -accel ${QEMU_ACCEL:-tcg} -cpu ${QEMU_CPU:-$(qemu_cpu)}
		-smp ${QEMU_SMP:-2} -m 2048 -display none -vga none -monitor none -no-reboot
		-serial stdio ${QEMU_EXTRA:-}
		-kernel "$XEN_ELF" -append "$XEN_CMDLINE"
		-initrd "$KIMAGE $DOM0_CMDLINE,$OUT/dom0.cpio.gz")
	qemu_start "${qemu[@]}"
}

# qemu_start QEMU_CMD...: run QEMU_CMD (serial on stdio) under the hard
# limit $BOOT_TIMEOUT, its serial timestamped into $SERIAL.
qemu_start() {
	SERIAL_IN=/dev/null
	if [ "${SERIAL_INPUT:-0}" = 1 ]; then
		SERIAL_IN=$OUT/serial.in
		rm -f "$SERIAL_IN"
		mkfifo "$SERIAL_IN"
		# Held open read-write, so QEMU's open does not wait for a writer.
		exec 7<>"$SERIAL_IN"
	fi
	local qemu=("$@")
	printf '%q ' "${qemu[@]}" >"$LOGS/$SCEN.qemu-cmdline"
	echo >>"$LOGS/$SCEN.qemu-cmdline"
	: >"$SERIAL"
	# Timestamp each serial line (seconds since QEMU start), drop CRs.
	rm -f "$OUT/qemu.pid"
	(
		echo "$BASHPID" >"$OUT/qemu.pid"
		exec timeout --signal=KILL "$BOOT_TIMEOUT" "${qemu[@]}" <"$SERIAL_IN" 2>"$LOGS/$SCEN.qemu-stderr"
	) | perl -MTime::HiRes=time -ne 'BEGIN { $| = 1; $t0 = time } s/\r//g;
		printf "[%7.2f] %s", time - $t0, $_' >"$SERIAL" &
	while [ ! -s "$OUT/qemu.pid" ]; do sleep 0.05; done
	QEMU_PID=$(cat "$OUT/qemu.pid")
	if [ "${SHOW:-0}" = 1 ]; then
		tail -n +1 -f "$SERIAL" &
		SHOW_PID=$!
	fi
	echo "==> [$SCEN] booting Xen (serial: $SERIAL)"
}

# type_serial TEXT: type TEXT and Enter on the serial console.
type_serial() {
	[ "${SERIAL_INPUT:-0}" = 1 ] || die "type_serial needs SERIAL_INPUT=1 before xen_boot"
	printf '%s\r' "$1" >&7
}

qemu_running() {
	[ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null
}

# milestone REGEX SECONDS WHAT: wait until the serial log matches REGEX.
milestone() {
	local re=$1 budget=$2 what=$3 t0
	t0=$(date +%s)
	while ! grep -Eq -- "$re" "$SERIAL"; do
		if [ -n "$(crash_lines "$SERIAL")" ]; then
			fail "crash while waiting for $what: $(crash_lines "$SERIAL" | head -1)"
		fi
		if ! qemu_running; then
			sleep 0.5
			grep -Eq -- "$re" "$SERIAL" && break
			fail "QEMU exited before $what"
		fi
		if [ $(($(date +%s) - t0)) -ge "$budget" ]; then
			fail "no $what within $budget s (waited for /$re/)"
		fi
		[ -z "${WATCHDOG:-}" ] || "$WATCHDOG"
		sleep 0.3
	done
	echo "==> [$SCEN] $what after $(($(date +%s) - T_START)) s"
}

# boot_milestones: Xen's banner, dom0's userspace, xenstored up.
boot_milestones() {
	milestone "$(xen_banner_re)" 60 "Xen $(xen_mm) banner"
	milestone 'DOM0-USERSPACE' 120 "dom0 userspace"
	milestone 'DOM0-XENSTORE-UP' 60 "xenstored"
}

# xen_banner_re: the banner of the Xen under test, as a milestone regex.
xen_banner_re() {
	echo "\\(XEN\\) Xen version $(xen_mm | sed 's/\./\\./g')"
}

# xen_version_seen: the version in this boot's Xen banner.
xen_version_seen() {
	grep -Eo '\(XEN\) Xen version [^ ]+' "$SERIAL" | head -n 1 | awk '{ print $4 }'
}

# xen_has_flag: this boot's Xen (4.21 and later, by its banner) builds
# domains with their console DISCONNECTED, and its xenconsoled connects.
xen_has_flag() {
	local v
	v=$(xen_version_seen | grep -Eo '^[0-9]+\.[0-9]+')
	[ -n "$v" ] && printf '4.21\n%s\n' "$v" | sort -V -C
}

# xen_debug_seen: this boot's Xen is a debug build (its banner says
# "debug=y"); such a Xen lets a domU write to its console (CONSOLEIO_write
# under CONFIG_VERBOSE_DEBUG), a release build refuses it.
xen_debug_seen() {
	grep -Eq '\(XEN\) Xen version .* debug=y' "$SERIAL"
}

# expect_consoleio DOMID LINES [BOOT]: while the domU's ring was not
# serviced, its console wrote through CONSOLEIO_write where this Xen
# permits it: on a debug Xen, the serial's "(dDOMID) " lines
# (scripts/xen-serial.py) must hold the numbered lines 1..LINES intact, in
# order, once, and unless BOOT is 0 (a guest booted "quiet"), the kernel's
# first record ("Linux version").  Sets CONSOLEIO_SEEN to what was seen.
expect_consoleio() {
	local got want n
	"$ROOT/scripts/xen-serial.py" domain "$1" "$SERIAL" >"$OUT/consoleio.txt" 2>/dev/null
	n=$(grep -c '' "$OUT/consoleio.txt" || true)
	if ! xen_debug_seen; then
		# xen-4.22 is a debug build: its banner must say so.
		[ "$XEN" != xen-4.22 ] ||
			fail "Xen 4.22's banner on the serial has no debug=y: this is not the debug build xen-4.22 names"
		CONSOLEIO_SEEN="Xen's serial: $n (d$1) lines (a release Xen refuses a domU's CONSOLEIO_write)"
		return 0
	fi
	[ "${3:-1}" = 0 ] || grep -Eq '^\[ *0\.0+\] Linux version ' "$OUT/consoleio.txt" ||
		fail "a debug Xen's serial has no (d$1) line with the kernel's first record: CONSOLEIO_write was not used while the ring was not serviced"
	want=$("$(guest_tools)/hvc_seq" expect "$2")
	got=$("$(guest_tools)/hvc_seq" check "$2" "$OUT/consoleio.txt" 2>/dev/null || true)
	[ "$got" = "$want" ] ||
		fail "the (d$1) lines on the Xen serial do not hold lines 1..$2 once, in order: $got"
	CONSOLEIO_SEEN="Xen's serial: $n (d$1) lines through CONSOLEIO_write$([ "${3:-1}" = 0 ] || echo ", from 'Linux version'"), numbered 1..$2 intact"
}

# wait_exit SECONDS: wait for QEMU to exit (dom0 powered off).
wait_exit() {
	local t0
	t0=$(date +%s)
	while qemu_running; do
		if [ $(($(date +%s) - t0)) -ge "$1" ]; then
			echo "    QEMU still running after power-off request; stopping it"
			scenario_cleanup
			break
		fi
		sleep 0.3
	done
}

expect_line() {
	grep -Eq -- "$1" "$SERIAL" || fail "$2 (no line matching /$1/)"
}

no_crash() {
	if [ -n "$(crash_lines "$SERIAL")" ]; then
		fail "crash signature in the log: $(crash_lines "$SERIAL" | head -1)"
	fi
}

verdict() {
	local v=$1
	shift
	local secs=$(($(date +%s) - T_START))
	scenario_cleanup
	trap - EXIT
	echo "$v $SCEN ${secs}s $*${VERDICT_NOTE:-}" >"$VERDICT"
	echo "$v: $SCEN (${secs} s) $*${VERDICT_NOTE:-}"
	echo "    log: $SERIAL"
}

pass() {
	no_crash
	verdict PASS "$@"
	exit 0
}

fail() {
	verdict FAIL "$@"
	tail -n 15 "$SERIAL" | sed 's/^/    | /'
	exit 1
}

# skip REASON: the row cannot run here; REASON says what was measured.
skip() {
	verdict SKIP "$@"
	exit 77
}

# pv_domu_stream: the common PV domU scenario.  The domU runs $GUEST_PRE,
# writes $GUEST_LINES numbered lines to /dev/hvc0, runs $GUEST_POST, waits
# until dom0 has seen its ring settle once the last line is in the log
# (ring_settles in dom0-lib.sh), then runs the hvc_xen_console_test
# kselftest (all 4 tests must pass); dom0 waits for it to end and checks
# xenconsoled's log for lines 1..$LINES.
# The result line must equal what the host computes: "$1-RESULT <summary>";
# it is left in $RESULT.  The guest also reports, as GATE- lines relayed to
# the serial log, whether the xenconsole xenbus driver exists and whether
# /dev/hvc1 opens.
# Variables: LINES (2000), GUEST_LINES ($LINES), GUEST_PRE, GUEST_POST,
# DOMU_EXTRA (kernel command line), DOMU_TYPE (pv or pvh),
# DOMU_PAUSED=1 (create it paused: DOM0_DURING must "xl unpause domu"),
# DOM0_DURING (dom0 commands right after the domU was created),
# DOM0_POST (dom0 commands afterwards), RING_PLANT=1 (dom0 puts 5 bytes in
# the ring with no event before the ring check: the check must fail).
pv_domu_stream() {
	local tag=$1 want
	LINES=${LINES:-2000}
	GUEST_LINES=${GUEST_LINES:-$LINES}
	domu_initramfs "
dmesg -n 1
${GUEST_PRE:-}
echo $tag-GUEST-WRITING
hvc_seq write $GUEST_LINES /dev/hvc0
${GUEST_POST:-}
$(stream_written "$GUEST_LINES")
hvc_xen_console_test 2>&1 | sed 's/^/GUEST-KTAP /'
if [ -e /sys/bus/xen/drivers/xenconsole ]; then echo GATE-XENBUS-CONSOLE-DRIVER present; else echo GATE-XENBUS-CONSOLE-DRIVER absent; fi
if echo probe 2>/dev/null >/dev/hvc1; then echo GATE-HVC1 opens; else echo GATE-HVC1 refuses; fi
"
	local TAG=$tag
	DOMU_EXTRA=${DOMU_EXTRA:-} DOMU_PAUSED=${DOMU_PAUSED:-}
	DOM0_DURING=${DOM0_DURING:-} DOM0_POST=${DOM0_POST:-} RING_PLANT=${RING_PLANT:-0}
	dom0_initramfs "$(dom0_part stream/dom0.sh TAG LINES DOMU_EXTRA DOMU_PAUSED DOM0_DURING \
		DOM0_POST RING_PLANT)"
	xen_boot
	boot_milestones
	milestone 'DOM0-DOMU-CREATED' 60 "domU creation"
	milestone "$tag-RESULT" 300 "domU stream checked by dom0"
	wait_exit 30
	expect_result "$tag" "$LINES"
	# The guest's own kselftest (TAP), relayed from xenconsoled's log.
	expect_line 'domU\| GUEST-KTAP # Totals: pass:4 fail:0 ' \
		"hvc_xen_console_test did not pass in the guest: $(grep -m1 'GUEST-KTAP not ok' "$SERIAL")"
}

# held_stream LINES: guest script that writes LINES numbered lines, says so
# in xenstore (data/hvcseq-written) and waits for dom0's data/hvcseq-done
# (see finish_stream in dom0-lib.sh) before powering off.
held_stream() {
	echo "dmesg -n 1"
	echo "hvc_seq write $1 /dev/hvc0"
	stream_written "$1"
}

# paced_stream LINES CHUNK PAUSE [FIRST]: the same for lines FIRST (1)..LINES,
# written CHUNK lines at a time, PAUSE seconds apart, so that a stream spans
# a fault or a save.
paced_stream() {
	cat <<GUEST
seq=${4:-1}
while [ \$seq -le $1 ]; do
	hvc_seq write $2 /dev/hvc0 \$seq
	seq=\$((seq + $2))
	sleep $3
done
GUEST
	stream_written "$1"
}

# stream_written LINES: guest lines that report LINES lines written and wait
# (at most 120 s) until dom0 is done with them.
stream_written() {
	cat <<GUEST
xenstore-write data/hvcseq-written $1
i=0
until xenstore-exists data/hvcseq-done 2>/dev/null || [ \$i -ge 600 ]; do sleep 0.2; i=\$((i + 1)); done
GUEST
}

# expect_result TAG LINES: the dom0 line "TAG-RESULT ..." must be what the
# host computes for lines 1..LINES; sets RESULT.
expect_result() {
	local want
	want="$1-RESULT $("$(guest_tools)/hvc_seq" expect "$2")"
	RESULT=$(grep -Eo "$1-RESULT .*" "$SERIAL" | head -1)
	echo "    expected: $want"
	echo "    got:      $RESULT"
	[ "$RESULT" = "$want" ] || fail "xenconsoled log does not hold lines 1..$2 intact: ${RESULT:-no result}"
	[ "${RING_CHECK:-1}" = 0 ] || expect_ring_settled
}

# expect_ring_settled: dom0's ring_settles (dom0-lib.sh) found, once the
# stream had stopped, no byte left in the primary ring for more than 50 ms.
expect_ring_settled() {
	local seen
	seen=$(grep -Eo 'EVIDENCE-RING .*' "$SERIAL" | head -n 1)
	echo "    ring:     ${seen:-no EVIDENCE-RING line}"
	case "$seen" in
	'EVIDENCE-RING settled'*) ;;
	*) fail "bytes stayed in the ring after the stream: ${seen:-no ring check}" ;;
	esac
}

# expect_flush LIMIT_MS WHEN [TAG]: the dom0 line "EVIDENCE-FLUSH-MS N" (from
# wait_line) must show that held lines reached the log within LIMIT_MS of
# WHEN (what started the flush); sets FLUSH_MS_SEEN.  With TAG, a failure
# quotes what the log holds (the TAG-RESULT line: lines missing, first, last).
expect_flush() {
	local held=
	FLUSH_MS_SEEN=$(grep -Eo 'EVIDENCE-FLUSH-MS [0-9]+\+?' "$SERIAL" | awk '{ print $2 }')
	[ -z "${3:-}" ] || held="; the log holds: $(grep -Eo "$3-RESULT .*" "$SERIAL" | head -1)"
	case "$FLUSH_MS_SEEN" in
	'' | *+) fail "held lines did not reach the log after $2 (${FLUSH_MS_SEEN:-?} ms)$held" ;;
	esac
	[ "$FLUSH_MS_SEEN" -le "$1" ] ||
		fail "held lines took $FLUSH_MS_SEEN ms after $2 (limit $1 ms)"
}
