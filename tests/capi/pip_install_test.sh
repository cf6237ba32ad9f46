#!/bin/sh
# `pip install ./bindings/python` works offline: installs the bindings into a
# fresh virtual environment of Debian's python3 with no package index at all,
# then imports them and calls the library.
#   pip_install_test.sh <python3> <bindings/python dir> <libatensi.so>
set -eu
py=${1:?python} src=${2:?bindings dir} lib=${3:?libatensi.so}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
# Copy the source so the build leaves nothing behind in the tree.
cp -r "$src" "$tmp/src"
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$tmp/venv/bin/python" -m pip install --no-index --quiet "$tmp/src"
cd "$tmp"
ATENSI_LIBRARY="$lib" "$tmp/venv/bin/python" -c '
import atensi, sys
assert atensi.__file__.startswith(sys.prefix), atensi.__file__
print("installed", atensi.__version__, "library", atensi.version_string())
assert atensi.region_lookup("15.03").name == "Kabupaten Sarolangun"
'
echo "PASS: offline pip install of the bindings"
