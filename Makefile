# SPDX-License-Identifier: GPL-2.0
# Entry points.  Everything is written below build/.  Every target takes
# KERNEL=mainline|6.12|6.1 (default mainline; scripts/kernels.conf) and
# XEN=debian-4.17|debian-unstable|xen-4.22|FOLDER, the x86 Xen to boot
# (default debian-4.17; xen-4.22: ../shared/xen-4.22's build; FOLDER: a
# Xen "make dist" install tree; scripts/lib.sh).
#
#   make          install what is missing, build, boot the PV domU demo on Xen
#   make check    every test on the three bases (CHECK_KERNELS="mainline 6.12 6.1");
#                 ends with one line per base and "N passed, N failed"
#   make matrix   every real-Xen matrix row (scripts/matrix.rows) on one base,
#                 one table; BASELINE=1: rows 3o, 3i, 8, 9, 13, 15, 16, smp-2 with the base's
#                 unmodified driver
#   make series   export the base's patch queue (patches/<base>/) with a cover
#                 letter to build/kernel/<base>/series, signed off as you (git
#                 config user.name, user.email), checkpatch it, build each commit
#   make queue    apply the base's queue to build/kernel/<base>/linux (branch
#                 series) for editing with git
#   make refresh  write that branch's commits back to patches/<base>/ (and, on
#                 mainline, our files at its head to the repository)
#   make kernel   just the x86_64 kernel (build/kernel/<base>/images/bzImage-frontend)
#   make kunit    just the KUnit suites (KASAN, under QEMU)
#   make smoke    just the real-Xen smoke test
#   make bench    ours vs the unmodified driver on real Xen: build/bench/table.md
#   make fuzz     fuzz the ring core and output policy in userspace until
#                 Ctrl-C (FUZZ_SECONDS=N: for N s), then print coverage
#   make clean    remove build/ (the ccache stays)
#   make help     this text
#
# Variables (defaults in brackets); each is checked before any stage runs
# (scripts/lib.sh check_inputs):
#   KERNEL=mainline|6.12|6.1      the base [mainline]; "make check" then
#                                 runs that base only
#   XEN=debian-4.17|debian-unstable|xen-4.22|FOLDER   the x86 Xen [debian-4.17]
#   CHECK_KERNELS="BASE ..."      the bases "make check" runs [all three]
#   CHECK_SKIP="NAME ..."         tests "make check" leaves out: checkpatch,
#                                 kunit, fuzz, figures, series, ... or row ids
#   ROWS="ID ..."                 the matrix rows to run [all]
#   BASELINE=0|1                  matrix rows on the unmodified driver [0]
#   BENCH_REPS=N [5], BENCH_WORKLOADS="..." [serviced silent smp
#                                 unserviced flagged traced], BENCH_SETUP=0|1 [1]
#   FUZZ_SECONDS=N                how long "make fuzz" runs [0: until Ctrl-C]
#   KERNEL_IMAGE=FILE             boot this bzImage as dom0 and domU instead
#                                 of the one the harness builds
#   JOBS=N                        make -j [nproc]
#   BUILD=DIR                     output folder [build]

SHELL := /bin/bash
.PHONY: all demo check matrix series queue refresh kernel kunit smoke static fuzz bench clean help

all demo:
	@scripts/main.sh

check:
	@scripts/check.sh

matrix:
	@BASELINE=$(BASELINE) scripts/matrix.sh

series:
	@scripts/base-tree.sh && scripts/series.sh

queue:
	@scripts/queue.sh apply

refresh:
	@scripts/queue.sh refresh

kernel:
	@scripts/base-tree.sh && scripts/kbuild.sh frontend

kunit:
	@scripts/base-tree.sh && scripts/kunit.sh

smoke:
	@scripts/base-tree.sh && scripts/kbuild.sh frontend && scripts/xen-fetch.sh && \
		scripts/scenarios/pv-domu-smoke.sh

fuzz:
	@scripts/fuzz.sh

bench:
	@scripts/bench.sh

static:
	@scripts/base-tree.sh && for c in checkpatch kernel-doc sparse; do \
		scripts/static-checks.sh $$c || exit 1; done

clean:
	rm -rf build

# The comment at the top of this file, without its license line.
help:
	@sed -n '2,/^$$/{/^$$/d;s/^# \{0,1\}//;p}' Makefile
