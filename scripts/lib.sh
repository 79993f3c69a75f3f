# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build and test scripts.  Source it; do not run it.
#
# Variables (all may be set in the environment):
#   BUILD     output folder (default: <repo>/build); nothing is written elsewhere
#   JOBS      make -j value (default: nproc)
#   KERNEL    the kernel base: mainline (default), 6.12 or 6.1 (scripts/kernels.conf)
#   V=1       echo commands of sub-steps

set -euo pipefail

# The harness runs on Debian's packages: its python3 (with python3-ply for
# checkpatch's SPDX check, kunit.py) comes before any other on PATH.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
JOBS=${JOBS:-$(nproc)}

# kernel_conf NAME FIELD: field FIELD (2 package, 3 version, 4 suite, 5 the
# version the tree must report) of base NAME in scripts/kernels.conf; with
# no arguments, the base names, one per line.
kernel_conf() {
	sed -e 's/#.*//' "$ROOT/scripts/kernels.conf" |
		awk -F'|' -v k="${1:-}" -v f="${2:-1}" 'NF >= 5 {
			for (i = 1; i <= NF; i++)
				gsub(/[ \t]+/, "", $i)
			if (k == "" || $1 == k)
				print $f
		}'
}

# select_kernel NAME: make NAME the base; everything of one base lives
# below $KBASE: the tree, objects, images; its logs in $LOGS.
select_kernel() {
	if ! kernel_conf | grep -qxF -- "$1"; then
		case "$1" in
		*/*) echo "error: KERNEL=$1: KERNEL names a base ($(kernel_conf | tr '\n' ' ')); a kernel image is KERNEL_IMAGE=" >&2 ;;
		*) echo "error: unknown kernel base KERNEL=$1 (want one of: $(kernel_conf | tr '\n' ' '))" >&2 ;;
		esac
		exit 1
	fi
	KERNEL=$1
	export KERNEL
	KBASE=$BUILD/kernel/$KERNEL
	KTREE=$KBASE/linux
	IMAGES=$KBASE/images
	LOGS=$BUILD/logs/$KERNEL
	mkdir -p "$BUILD" "$LOGS"
}
select_kernel "${KERNEL:-mainline}"

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo "    $*"
}

# The x86 Xen under test, XEN=: debian-4.17 (the default: Debian 12's),
# debian-unstable (Debian unstable's, with every library of dom0's image
# from that suite), xen-4.22 (below), or a folder holding a Xen "make dist" install tree
# (boot/xen-*.gz, usr/sbin/, usr/lib/, ...).  scripts/xen-fetch.sh puts
# its unpacked root, multiboot image and version in $XEN_DIR; nothing else
# names a version.
# xen-4.22 is Xen 4.22.0's debug make dist tree from $XEN_SHARED/xen-4.22
# (the shared folder beside the repository, or beside the folder holding
# it: a clone in a folder of its own next to shared/ finds it too),
# unpacked below $BUILD.
if [ -z "${XEN_SHARED:-}" ]; then
	XEN_SHARED=$ROOT/../shared
	[ -d "$XEN_SHARED/xen-4.22" ] || [ ! -d "$ROOT/../../shared/xen-4.22" ] || XEN_SHARED=$ROOT/../../shared
fi
XEN_NAMES="debian-4.17, debian-unstable, xen-4.22 or a folder with a Xen make dist tree"

# select_xen NAME: make NAME (a value of XEN) the Xen under test: XEN and
# XEN_DIR, exported to the scripts this one runs (xenboot.sh derives
# XEN_ROOT and XEN_ELF from XEN_DIR when it is sourced, in each row's own
# shell).
select_xen() {
	XEN=$1
	case "$XEN" in
	debian-4.17 | debian-unstable | xen-4.22) XEN_DIR=$BUILD/xen/$XEN ;;
	*)
		[ -d "$XEN" ] || die "XEN=$XEN: no such folder (want $XEN_NAMES)"
		[ -x "$XEN/usr/sbin/xl" ] && compgen -G "$XEN/boot/xen-[0-9]*.gz" >/dev/null ||
			die "XEN=$XEN: not a Xen make dist tree (want usr/sbin/xl and boot/xen-X.Y*.gz in it)"
		XEN=$(cd "$XEN" && pwd)
		XEN_DIR=$BUILD/xen/dist-$(printf %s "$XEN" | sha256sum | cut -c1-12)
		;;
	esac
	export XEN XEN_DIR
}
select_xen "${XEN:-debian-4.17}"

# xen_version: the version of the Xen under test (after xen-fetch.sh);
# xen_mm: its major.minor.
xen_version() {
	cat "$XEN_DIR/version" 2>/dev/null || echo unknown
}
xen_mm() {
	xen_version | grep -Eo '^[0-9]+\.[0-9]+' || echo unknown
}

# stage_log NAME: the log file of stage NAME.
stage_log() {
	echo "$LOGS/stage-$(echo "$1" | tr -cs 'A-Za-z0-9\n' '-' | tr 'A-Z' 'a-z' | sed 's/-$//').log"
}

# stage_alive NAME LOG T0 PID: while PID runs, every 30 s one line saying
# how long stage NAME has run and the last line of its log (builds write
# their progress there, see progress_objects).
stage_alive() {
	local n=0 last
	while kill -0 "$4" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % 30)) = 0 ] || continue
		last=$(tail -n 1 "$2" 2>/dev/null | tr -d '\r' | cut -c1-110)
		echo "    ... $1: $(($(date +%s) - $3)) s${last:+, log: $last}"
	done
}

# progress_objects DIR EXPECT: print every 30 s how many objects DIR holds,
# of about EXPECT (0: unknown), until killed.  For silent builds.
progress_objects() {
	local n
	while sleep 30; do
		# An object the build renames under find is no failure.
		n=$(find "$1" -name '*.o' 2>/dev/null | wc -l) || true
		if [ "$2" -gt 0 ]; then
			echo "build: $n objects of about $2 in $(basename "$1")"
		else
			echo "build: $n objects in $(basename "$1")"
		fi
	done
}

# stage NAME CMD...: run one stage, print one progress line with its duration,
# and for a stage over 30 s one line every 30 s (stage_alive).
# The stage's own output goes to $LOGS/<slug>.log unless V=1.
stage() {
	local name=$1
	shift
	local log t0 t1 rc
	log=$(stage_log "$name")
	echo "==> $name"
	t0=$(date +%s)
	set +e
	if [ "${V:-0}" = 1 ]; then
		("$@") 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
	else
		local pid alive
		("$@") >"$log" 2>&1 &
		pid=$!
		stage_alive "$name" "$log" "$t0" "$pid" &
		alive=$!
		wait "$pid"
		rc=$?
		kill "$alive" 2>/dev/null
		wait "$alive" 2>/dev/null
	fi
	set -e
	t1=$(date +%s)
	if [ "$rc" -eq 77 ]; then
		echo "==> $name: SKIPPED after $((t1 - t0)) s: $(grep -E '^SKIP' "$log" | tail -n 1)"
		return "$rc"
	fi
	if [ "$rc" -ne 0 ]; then
		echo "==> $name: FAILED after $((t1 - t0)) s (log: $log)"
		tail -n 25 "$log" | sed 's/^/    | /'
		return "$rc"
	fi
	echo "==> $name: done in $((t1 - t0)) s"
	echo "$name $((t1 - t0))" >>"$BUILD/logs/stage-times.txt"
}

# apt_download DIR PKG...: apt-get download PKGs into DIR (never installed);
# package lists may be stale or absent on a fresh machine: on failure, as
# root, apt-get update once and retry.
apt_download() {
	local dir=$1
	shift
	mkdir -p "$dir"
	# apt-get download drops privileges to _apt; give it a folder it may write.
	chmod 0777 "$dir" 2>/dev/null || true
	(cd "$dir" && apt-get download "$@") && return 0
	[ "$(id -u)" = 0 ] || die "apt-get download failed; as root run: apt-get update"
	apt-get update -q
	(cd "$dir" && apt-get download "$@") || die "cannot download: $*"
}

# The harness's own apt state ($APT): its own sources list (bookworm,
# bookworm-security, sid and experimental on the Debian mirror the host
# already uses), lists and cache.  The host's apt sources and installed
# packages are never touched.  apt_state sets it up; apt-get and apt-cache
# take "${apt_opts[@]}".
APT=$BUILD/apt
# The Debian mirror the host uses (deb822 or one-line format).
mirror() {
	local m
	m=$(grep -hs -E '^URIs:' /etc/apt/sources.list.d/*.sources |
		awk '{ print $2 }' | grep -E '/debian/?$' | head -n 1)
	[ -n "$m" ] || m=$(grep -hs -E '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
		awk '{ for (i = 2; i <= NF; i++)
			if ($i ~ /^https?:/) { print $i; exit } }' | grep -E '/debian/?$' | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

apt_opts=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
	-o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
	-o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1")

apt_state() {
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
	local m key=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$key" ] || die "$key missing: apt-get install debian-archive-keyring"
	m=$(mirror)
	m=${m%/}
	cat >"$APT/sources.list.new" <<-EOF
		deb [signed-by=$key] $m bookworm main
		deb [signed-by=$key] ${m%/debian}/debian-security bookworm-security main
		deb [signed-by=$key] $m sid main
		deb-src [signed-by=$key] $m sid main
		deb [signed-by=$key] $m experimental main
	EOF
	# debian-security lives beside debian on deb.debian.org and its mirrors.
	if ! cmp -s "$APT/sources.list.new" "$APT/sources.list"; then
		mv "$APT/sources.list.new" "$APT/sources.list"
		rm -f "$APT/lists/"*_Packages* "$APT/updated"
	else
		rm -f "$APT/sources.list.new"
	fi
	# Refresh the lists at most once a day.
	if [ -z "$(find "$APT/updated" -mtime -1 2>/dev/null)" ]; then
		apt-get "${apt_opts[@]}" -q update >"$LOGS/apt-state-update.log" 2>&1 ||
			die "apt-get update of the harness's apt state failed: $LOGS/apt-state-update.log"
		touch "$APT/updated"
	fi
}

# need_pkgs PKG...: fail with the exact apt-get line if a package is missing.
need_pkgs() {
	local missing=()
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	die "missing Debian packages; run: apt-get install -y ${missing[*]}"
}

# Pass a log only on a unique marker and no crash signature.
CRASH_RE='Kernel panic|BUG:|WARNING:|Call Trace|\(XEN\) Panic|general protection|Oops'
# Lines that match CRASH_RE but are known to be harmless (Xen's own notices).
CRASH_ALLOW='\(XEN\) WARNING: (CONSOLE OUTPUT IS SYNCHRONOUS|PVH is an experimental mode with limited functionality)'

# crash_lines FILE: the lines of FILE that look like a crash.
crash_lines() {
	grep -E -- "$CRASH_RE" "$1" | grep -Ev -- "$CRASH_ALLOW" || true
}

# matrix_rows [check [XEN]]: the rows of scripts/matrix.rows, trimmed, as
# "ID|NEEDS|WHERE|TITLE|COMMAND"; with "check", only the rows "make check"
# runs on the base KERNEL selects with the Xen it is given (XEN=); with
# "check XEN", those it runs there on Xen XEN (a WHERE item BASE@XEN).
matrix_rows() {
	sed -e 's/^#.*//' "$ROOT/scripts/matrix.rows" |
		awk -F'|' -v want="${1:-}" -v base="$KERNEL${2:+@$2}" 'NF == 5 {
			for (i = 1; i <= NF; i++)
				gsub(/^[ \t]+|[ \t]+$/, "", $i)
			ok = want == ""
			# "check" (every base) or "check:BASE,...", either with
			# ",BASE@XEN" items after it.
			if (want == "check" && $3 ~ /^check(,|$)/ && base !~ /@/)
				ok = 1
			if (want == "check" && $3 ~ /^check[:,]/) {
				n = split(substr($3, 7), b, ",")
				for (j = 1; j <= n; j++)
					if (b[j] == base)
						ok = 1
			}
			if (ok)
				print $1 "|" $2 "|" $3 "|" $4 "|" $5
		}'
}

# check_xens: the other Xens "make check" runs rows of the base KERNEL
# selects on (WHERE items BASE@XEN in scripts/matrix.rows), one per line.
check_xens() {
	sed -e 's/^#.*//' "$ROOT/scripts/matrix.rows" |
		awk -F'|' -v base="$KERNEL" 'NF == 5 && $3 ~ /check[:,]/ {
			gsub(/^[ \t]+|[ \t]+$/, "", $3)
			n = split(substr($3, 7), b, ",")
			for (j = 1; j <= n; j++)
				if (index(b[j], base "@") == 1 && !seen[b[j]]++)
					print substr(b[j], length(base) + 2)
		}'
}

# setup_steps NEED...: the set-up stages that matrix rows with these NEEDS
# want, in order and each once, one per line as "TITLE|SCRIPT ARGS" (SCRIPT
# relative to scripts/).
setup_steps() {
	local need
	for need in "$@"; do
		setup_steps_of "$need"
	done | awk -F'|' '!seen[$1]++'
}

setup_steps_of() {
	case "$1" in
	x86 | baseline | smp)
		echo "host packages (apt)|deps.sh"
		echo "base tree + patch series ($KERNEL)|base-tree.sh"
		echo "Xen ($XEN)|xen-fetch.sh"
		echo "kernel build ($KERNEL, x86_64)|kbuild.sh frontend"
		echo "kernel build ($KERNEL, x86_64, no HVC_XEN_FRONTEND)|kbuild.sh nofrontend"
		;;&
	baseline)
		echo "baseline kernel ($KERNEL, unmodified driver)|baseline.sh"
		;;
	smp)
		echo "kernel build ($KERNEL, x86_64, debug: lockdep, lockup detectors)|kbuild.sh debug"
		;;
	arm64)
		echo "arm64 set-up ($KERNEL: packages, kernel, tools)|arm64/setup.sh"
		;;
	x86) ;;
	*) die "unknown set-up '$1' in scripts/matrix.rows" ;;
	esac
}

# Rows "make matrix BASELINE=1" runs, each with the outcome the unmodified
# driver must produce (A/B: either); scripts/matrix.sh.
BASELINE_EXPECT="x86-3o:PASS x86-3i:PASS x86-8:FAIL x86-9:FAIL x86-13:FAIL
x86-15:PASS/SKIP x86-16:FAIL/SKIP smp-2:FAIL"
# The workloads scripts/bench.sh knows.
BENCH_WORKLOAD_NAMES="serviced silent smp unserviced flagged traced"
# The tests "make check" may leave out by name (CHECK_SKIP): these, "kunit",
# "figures", "series", and any row by its id.
CHECK_TEST_NAMES="checkpatch kernel-doc sparse-w1 kunit fuzz fuzz-detects-bugs
smoke-detects-loss serial-grader-detects-damage ring-check-detects-leftover
queue-mirror series-signs-as-runner figures-check-detects-mismatch
bad-inputs-stop-at-once help-in-readme figures series"

# bad_input VAR VALUE ACCEPTED: stop with one line naming them.
bad_input() {
	echo "error: $1='$2': $3" >&2
	exit 2
}

# in_list WORD LIST: is WORD one of LIST's words?
in_list() {
	case " $(echo $2) " in *" $1 "*) return 0 ;; esac
	return 1
}

# check_inputs: every input variable that is set, checked before any
# stage runs (KERNEL and XEN are checked above, by select_kernel and
# select_xen).
check_inputs() {
	local v w ids
	for w in ${CHECK_KERNELS:-}; do
		kernel_conf | grep -qxF -- "$w" ||
			bad_input CHECK_KERNELS "${CHECK_KERNELS}" "'$w' is no base (want some of: $(kernel_conf | tr '\n' ' '))"
	done
	if [ -n "${ROWS:-}" ] || [ -n "${CHECK_SKIP:-}" ]; then
		ids=$(sed -e 's/#.*//' "$ROOT/scripts/matrix.rows" | awk -F'|' 'NF == 5 { gsub(/[ \t]/, "", $1); print $1 }')
	fi
	for w in ${ROWS:-}; do
		in_list "$w" "$ids" ||
			bad_input ROWS "$ROWS" "'$w' is no row of scripts/matrix.rows (want some of: $(echo $ids))"
		if [ "${BASELINE:-0}" = 1 ]; then
			in_list "$w" "$(printf '%s\n' $BASELINE_EXPECT | cut -d: -f1)" ||
				bad_input ROWS "$ROWS" "'$w' has no BASELINE=1 run (want some of: $(printf '%s\n' $BASELINE_EXPECT | cut -d: -f1 | paste -sd' '))"
		fi
	done
	case "${BASELINE:-0}" in 0 | 1 | "") ;; *) bad_input BASELINE "$BASELINE" "want 0 or 1" ;; esac
	for w in ${CHECK_SKIP:-}; do
		in_list "$w" "$CHECK_TEST_NAMES $ids" ||
			bad_input CHECK_SKIP "$CHECK_SKIP" "'$w' is no test name (want some of: $(echo $CHECK_TEST_NAMES), or a row id)"
	done
	for v in BENCH_REPS BENCH_TRACED_REPS BENCH_WINDOW_MS FUZZ_SECONDS FUZZ_RUNS JOBS; do
		[ -z "${!v:-}" ] || [[ ${!v} =~ ^[0-9]+$ ]] ||
			bad_input "$v" "${!v}" "want a whole number"
	done
	for v in BENCH_REPS BENCH_WINDOW_MS JOBS; do
		[ "${!v:-1}" != 0 ] || bad_input "$v" 0 "want a whole number above 0"
	done
	for w in ${BENCH_WORKLOADS:-}; do
		in_list "$w" "$BENCH_WORKLOAD_NAMES" ||
			bad_input BENCH_WORKLOADS "$BENCH_WORKLOADS" "'$w' is no workload (want some of: $BENCH_WORKLOAD_NAMES)"
	done
	case "${BENCH_SETUP:-1}" in 0 | 1) ;; *) bad_input BENCH_SETUP "$BENCH_SETUP" "want 0 or 1" ;; esac
	for v in KERNEL_IMAGE DOMU_KERNEL; do
		[ -z "${!v:-}" ] || [ -f "${!v}" ] ||
			bad_input "$v" "${!v}" "no such file (want a kernel image: bzImage, or Image on arm64)"
	done
}
check_inputs
