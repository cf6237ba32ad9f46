#!/bin/sh
# ABI check of libatensi against committed libabigail baselines (zlib-ng
# test/abicheck.sh pattern; policy in docs/pages/abi-policy.md).
#
#   abicheck.sh --library <libatensi.so> --headers <capi/include> --baseline-dir <tests/abi>
#       Compares the library with every committed baseline of the same SONAME:
#       abidiff --no-added-syms --headers-dir2 <headers> <baseline.abi> <library>.
#       Fails on an incompatible change (abidiff exit bit 8) and on an ABI change
#       (bit 4) that removes functions or variables. Added symbols are allowed.
#   abicheck.sh --refresh ...same options...
#       Writes tests/abi/atensi-<version>-<triple>.abi for the library's version
#       (abidw --headers-dir; only types reachable from atensi.h are recorded).
#
# Exit 77 (ctest SKIP_RETURN_CODE) when abigail-tools is not installed.
set -eu

lib= headers= dir= refresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --library) lib=$2; shift 2 ;;
    --headers) headers=$2; shift 2 ;;
    --baseline-dir) dir=$2; shift 2 ;;
    --refresh) refresh=1; shift ;;
    *) echo "abicheck: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$lib" ] && [ -n "$headers" ] && [ -n "$dir" ] || {
  echo "usage: abicheck.sh [--refresh] --library LIB --headers DIR --baseline-dir DIR" >&2
  exit 2
}
if ! command -v abidw >/dev/null 2>&1 || ! command -v abidiff >/dev/null 2>&1; then
  echo "abicheck: SKIP: abidw/abidiff not found (Debian package abigail-tools)"
  exit 77
fi

header="$headers/atensi.h"
ver() { sed -n "s/^#define ATENSI_VERSION_$1 \([0-9]*\)$/\1/p" "$header"; }
version="$(ver MAJOR).$(ver MINOR).$(ver PATCH)"
triple="$(uname -m)-linux-gnu"
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
suppr=
[ -s "$dir/suppressions.abignore" ] && suppr="--suppressions $dir/suppressions.abignore"

dump() {  # dump <out-file>: reproducible XML of the library's public ABI
  abidw --headers-dir "$headers" --exported-interfaces-only --no-corpus-path --short-locs --no-comp-dir-path \
        --drop-undefined-syms --type-id-style hash --out-file "$1" "$lib"
}

if [ "$refresh" -eq 1 ]; then
  out="$dir/atensi-$version-$triple.abi"
  dump "$out"
  echo "abicheck: wrote $out ($soname)"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dump "$tmp/current.abi"

checked=0 failed=0
for base in "$dir"/atensi-*-"$triple".abi; do
  [ -e "$base" ] || continue
  if ! grep -q "soname='$soname'" "$base"; then
    echo "abicheck: skip $(basename "$base"): other SONAME"
    continue
  fi
  checked=$((checked + 1))
  set +e
  # shellcheck disable=SC2086
  abidiff --no-added-syms $suppr --headers-dir2 "$headers" "$base" "$lib" >"$tmp/report" 2>&1
  rc=$?
  set -e
  removed=$(grep -Eo '[0-9]+ Removed (function|variable)s?' "$tmp/report" |
            awk '{ s += $1 } END { print s + 0 }')
  if [ $((rc & 3)) -ne 0 ]; then
    echo "abicheck: FAIL: abidiff could not compare $(basename "$base") (exit $rc)"
    failed=1
  elif [ $((rc & 8)) -ne 0 ]; then
    echo "abicheck: FAIL: incompatible ABI change against $(basename "$base")"
    failed=1
  elif [ $((rc & 4)) -ne 0 ] && [ "$removed" -gt 0 ]; then
    echo "abicheck: FAIL: $removed function(s)/variable(s) removed since $(basename "$base")"
    failed=1
  elif [ $((rc & 4)) -ne 0 ]; then
    echo "abicheck: compatible ABI change against $(basename "$base"):"
  else
    echo "abicheck: OK against $(basename "$base")"
  fi
  [ $rc -ne 0 ] && sed 's/^/  /' "$tmp/report"
done
if [ "$checked" -eq 0 ]; then
  echo "abicheck: FAIL: no baseline for $soname on $triple in $dir (run with --refresh)"
  exit 1
fi
exit $failed
