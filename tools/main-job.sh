#!/usr/bin/env bash
# What the Quick start runs once atensi is built: the CLI on real inputs.
set -euo pipefail
ATENSI=${1:-build/release/atensi}

echo "== atensi --version"
"$ATENSI" --version
echo
echo "== NIK of a boy registered in Curup Tengah, born 29 May 2012 (Dukcapil Rejang Lebong example)"
"$ATENSI" nik 1702192905120001 --at 2026-11-28 || true
echo
echo "== A NIK with an impossible date (31 February) is refused with the rule it breaks"
"$ATENSI" nik 3502027102019913 --at 2026-11-28 --json || true
echo
echo "== Where is Sarolangun? (name search, case- and punctuation-insensitive)"
"$ATENSI" region "sarolangun"
echo
echo "== Jambi province (15) and its regencies/cities"
"$ATENSI" region 15 --children
echo
echo "== A historical Papua code (91.01, before the 2022 split) resolves to its current code"
"$ATENSI" region 91.01 --json || true
