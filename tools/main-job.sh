#!/usr/bin/env bash
# The main job on the embedded SQLite default, as a provincial data officer runs
# it: a synthetic PKH/DTKS roster for Jambi (about 50,000 children) is imported,
# screened, routed and reported. Usage: main-job.sh [ATENSI_BINARY] [WORK_DIR]
set -euo pipefail
ATENSI=${1:-build/release/atensi}
WORK=${2:-build/main-job}
CHILDREN=${ATENSI_MAIN_JOB_CHILDREN:-50000}
AT=$(date -u +%F)
mkdir -p "$WORK"
DB="$WORK/jambi.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
ACTOR="data-officer@dinsos.15:data_officer"

echo "== atensi $("$ATENSI" --version | head -1 | cut -d' ' -f2): the main job for Jambi (province 15), $CHILDREN children, $AT"
echo
echo "== 1. init: create the database (region table, agency registry and rule sets are compiled in)"
"$ATENSI" init "$DB"
echo
echo "== 2. sample: a synthetic PKH/DTKS roster (invented people, real region codes)"
"$ATENSI" sample --province 15 --children "$CHILDREN" --seed 2020 --at "$AT" -o "$WORK/roster-jambi.csv"
echo
echo "== 3. import: validate every row, store the children (batches of 1,000, one transaction each)"
"$ATENSI" import "$DB" "$WORK/roster-jambi.csv" --at "$AT" --actor "$ACTOR"
echo
echo "== 4. screen: apply the screening rules and open cases (source: PKH screening)"
"$ATENSI" screen "$DB" --at "$AT" --actor "$ACTOR"
echo
echo "== 5. route: who acts on each case, in which role, and why; create the referrals"
"$ATENSI" route "$DB" --actor "$ACTOR"
echo
echo "== 6. report: where things stand in the province"
"$ATENSI" report "$DB" --province 15 --html "$WORK/report-jambi.html" --actor "$ACTOR"
echo
echo "== 7. verify: the audit trail cannot be silently altered"
"$ATENSI" verify "$DB" --actor "$ACTOR"
echo
echo "Open $WORK/report-jambi.html in a browser for the charts."
