#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device tree for Xen dom0less on QEMU's arm64 virt machine.
#
# Usage: mkdtb.sh SPEC OUTDIR
# SPEC, one directive per line:
#   xen-bootargs ARGS...
#   dom0 KERNEL RAMDISK ARGS...
#   domu NAME KERNEL RAMDISK MEM_MIB VCPUS PROPS ARGS...
# PROPS: "-" or a comma list of "vpl011" and "enhanced=VALUE" (the
# xen,enhanced string: enabled, no-xenstore, disabled).
#
# Dumps QEMU's own tree for the machine of scripts/arm64/lib.sh (cached per
# QEMU version), adds /chosen with Xen's and dom0's arguments and one module
# node per image, with its exact size, and disables the pl061 (as Xen's CI
# does).  Writes OUTDIR/xen.dts, OUTDIR/xen.dtb and OUTDIR/loaders: one
# QEMU "-device loader" argument per image, at the address the tree names.
# Run it again whenever an image changes: a stale size makes Xen read a
# truncated or overlong module.
. "$(dirname "$0")/lib.sh"

[ $# = 2 ] || die "usage: mkdtb.sh SPEC OUTDIR"
SPEC=$1
DIR=$2
command -v dtc >/dev/null || need_pkgs device-tree-compiler

# Modules from 0x50000000 up, each 2 MiB aligned: QEMU puts the tree it
# passes at 0x48000000, Xen relocates itself to the top of RAM.
NEXT=$((0x50000000))
ALIGN=$((0x200000))

base_dts() {
	local key cache
	key=$( (qemu-system-aarch64 --version | head -n 1; echo "${A64_MACHINE[*]}") | sha256sum | cut -c1-16)
	cache=$A64/virt-$key.dts
	if [ ! -s "$cache" ]; then
		local m=("${A64_MACHINE[@]}")
		m[1]=${m[1]},dumpdtb=$A64/virt.dtb
		qemu-system-aarch64 "${m[@]}" -display none -monitor none -serial none ||
			die "qemu-system-aarch64 could not dump its device tree"
		dtc -q -I dtb -O dts -o "$cache.tmp" "$A64/virt.dtb"
		mv "$cache.tmp" "$cache"
	fi
	cat "$cache"
}

# place FILE: reserve room for FILE; sets ADDR and SIZE (hex).
place() {
	local size
	[ -f "$1" ] || die "no such image: $1"
	size=$(stat -c %s "$1")
	ADDR=$(printf '0x%x' "$NEXT")
	SIZE=$(printf '0x%x' "$size")
	echo "file=$1,addr=$ADDR,force-raw=on" >>"$DIR/loaders.new"
	NEXT=$(((NEXT + size + ALIGN - 1) / ALIGN * ALIGN))
}

# module INDENT CELLS KIND FILE [BOOTARGS]: one multiboot module node.
module() {
	local ind=$1 cells=$2 kind=$3 file=$4 args=${5:-} reg
	place "$file"
	if [ "$cells" = 2 ]; then
		reg="0x0 $ADDR 0x0 $SIZE"
	else
		reg="$ADDR $SIZE"
	fi
	echo "${ind}module@${ADDR#0x} {"
	echo "${ind}	compatible = \"multiboot,$kind\", \"multiboot,module\";"
	echo "${ind}	reg = <$reg>;"
	[ -z "$args" ] || echo "${ind}	bootargs = \"$args\";"
	echo "${ind}};"
}

chosen() {
	local kw a b c d e f rest prop
	echo "/ {"
	echo "	chosen {"
	echo "		#address-cells = <0x2>;"
	echo "		#size-cells = <0x2>;"
	while read -r kw rest; do
		case "$kw" in
		'' | '#'*) ;;
		xen-bootargs) echo "		xen,xen-bootargs = \"$rest\";" ;;
		dom0)
			read -r a b c <<<"$rest"
			echo "		xen,dom0-bootargs = \"$c\";"
			module "		" 2 kernel "$a"
			module "		" 2 ramdisk "$b"
			;;
		domu)
			read -r a b c d e f rest <<<"$rest"
			echo "		$a {"
			echo "			compatible = \"xen,domain\";"
			echo "			#address-cells = <0x1>;"
			echo "			#size-cells = <0x1>;"
			echo "			memory = <0x0 $((d * 1024))>;"
			echo "			cpus = <$e>;"
			for prop in ${f//,/ }; do
				case "$prop" in
				-) ;;
				vpl011) echo "			vpl011;" ;;
				enhanced=*) echo "			xen,enhanced = \"${prop#enhanced=}\";" ;;
				*) die "unknown domU property '$prop'" ;;
				esac
			done
			module "			" 1 kernel "$b" "$rest"
			module "			" 1 ramdisk "$c"
			echo "		};"
			;;
		*) die "$SPEC: unknown directive '$kw'" ;;
		esac
	done <"$SPEC"
	echo "	};"
	echo "	pl061@9030000 {"
	echo "		status = \"disabled\";"
	echo "	};"
	echo "};"
}

mkdir -p "$DIR" "$A64"
rm -f "$DIR/loaders.new"
{
	base_dts
	chosen
} >"$DIR/xen.dts"
mv "$DIR/loaders.new" "$DIR/loaders"
dtc -q -I dts -O dtb -o "$DIR/xen.dtb" "$DIR/xen.dts" || die "dtc rejected $DIR/xen.dts"
echo "device tree: $DIR/xen.dtb ($(wc -l <"$DIR/loaders") modules)"
