#!/bin/sh
# Fails when libatensi exports any dynamic symbol other than atensi_* (and the
# version-node names of capi/atensi.map, which the linker emits as absolute
# symbols). zlib-ng exportcheck pattern.
set -eu
lib=${1:?usage: check_exports.sh <libatensi.so> [atensi.h]}
header=${2:-}
syms=$(nm -D --defined-only "$lib" | awk '{ print $2 " " $3 }')
count=$(printf '%s\n' "$syms" | grep -c ' atensi_' || true)
bad=$(printf '%s\n' "$syms" | grep -v ' atensi_' | grep -v '^A ATENSI_[0-9.]*$' || true)
if [ -n "$bad" ]; then
  echo "FAIL: $lib exports symbols outside the C API:"
  printf '%s\n' "$bad" | sed 's/^/  /'
  exit 1
fi
if [ "$count" -eq 0 ]; then
  echo "FAIL: $lib exports no atensi_* symbol at all"
  exit 1
fi
# Every exported function must carry the version node.
unversioned=$(objdump -T "$lib" | awk '/ atensi_/ && !/ATENSI_[0-9]/' || true)
if [ -n "$unversioned" ]; then
  echo "FAIL: exported symbols without an ATENSI_* version node:"
  printf '%s\n' "$unversioned"
  exit 1
fi
# With the header: the exported functions are exactly the ATENSI_API declarations.
if [ -n "$header" ]; then
  declared=$(sed -n 's/^ATENSI_API.*[^a-z0-9_]\(atensi_[a-z0-9_]*\)(.*/\1/p' "$header" | sort -u)
  exported=$(printf '%s\n' "$syms" | awk '$1 == "T" { print $2 }' | sed 's/@.*//' | sort -u)
  if [ "$declared" != "$exported" ]; then
    echo "FAIL: exported functions differ from the ATENSI_API declarations in $header:"
    diff_out=$(printf '%s\n' "$declared" > "${TMPDIR:-/tmp}/atensi_declared.$$"; printf '%s\n' "$exported" | diff "${TMPDIR:-/tmp}/atensi_declared.$$" - || true)
    rm -f "${TMPDIR:-/tmp}/atensi_declared.$$"
    printf '%s\n' "$diff_out" | sed 's/^/  /'
    exit 1
  fi
fi
echo "PASS: $count atensi_* symbols exported, nothing else"
