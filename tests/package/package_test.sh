#!/bin/sh
# Installs atensi from a build tree into a temporary prefix, then builds and
# runs the ten-line consumer in this directory twice: once with
# find_package(atensi CONFIG) and once with pkg-config. Nothing from the build
# or source tree is visible to the consumer except consumer.c itself.
#
#   package_test.sh <atensi-build-dir> <this-dir> <c-compiler> <cmake>
set -eu
build=${1:?build dir} here=${2:?package test dir} cc=${3:-cc} cmake=${4:-cmake}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

echo "--- install to $prefix"
"$cmake" --install "$build" --prefix "$prefix" --component atensi_runtime
"$cmake" --install "$build" --prefix "$prefix" --component atensi_development
test -f "$prefix/include/atensi.h"
lib=$(find "$prefix" -name 'libatensi.so.0' | head -n1)
test -n "$lib" || { echo "FAIL: libatensi.so.0 not installed"; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
test "$soname" = "libatensi.so.0" || { echo "FAIL: SONAME is '$soname'"; exit 1; }

echo "--- consumer with find_package(atensi CONFIG)"
"$cmake" -S "$here" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
  { cat "$tmp/cmake.log"; exit 1; }
"$cmake" --build "$tmp/cmake-build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
"$tmp/cmake-build/consumer"

echo "--- consumer with pkg-config"
pcdir=$(dirname "$(find "$prefix" -name atensi.pc | head -n1)")
PKG_CONFIG_LIBDIR="$pcdir"
PKG_CONFIG_PATH=
export PKG_CONFIG_LIBDIR PKG_CONFIG_PATH
version=$(pkg-config --modversion atensi)
header_version=$(sed -n 's/^#define ATENSI_VERSION_STRING "\(.*\)"$/\1/p' "$prefix/include/atensi.h")
test "$version" = "$header_version" ||
  { echo "FAIL: atensi.pc version $version != header $header_version"; exit 1; }
libdir=$(pkg-config --variable=libdir atensi)
# shellcheck disable=SC2046
"$cc" -std=c99 -pedantic -Wall -Werror -o "$tmp/consumer-pc" "$here/consumer.c" \
  $(pkg-config --cflags --libs atensi) "-Wl,-rpath,$libdir"
"$tmp/consumer-pc"
echo "PASS: installed package consumed via CMake config and pkg-config"
