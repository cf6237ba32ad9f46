#!/usr/bin/env bash
# End-to-end test of the main job through the CLI, as an operator runs it:
# sample -> init -> import (with malformed rows) -> re-import (idempotent) ->
# import killed midway and re-run (same database as uninterrupted) -> screen ->
# route -> report (text, JSON, HTML rendered in headless Chromium) -> verify.
# Usage: main_job_test.sh ATENSI_BINARY SOURCE_DIR
set -euo pipefail
ATENSI=$(readlink -f "$1")
SRC=$(readlink -f "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { local what=$1; shift; "$@" || fail "$what"; echo "ok - $what"; }
json() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$1')); print(eval('d'+sys.argv[1]))" "$2"; }

AT=2026-11-28
cd "$WORK"

# --- sample -----------------------------------------------------------------
"$ATENSI" sample --province 15 --children 1500 --seed 11 --at $AT -o roster.csv 2>/dev/null
"$ATENSI" sample --province 15 --children 1500 --seed 11 --at $AT -o roster2.csv 2>/dev/null
check "sample is reproducible from the seed" cmp -s roster.csv roster2.csv
good_rows=$(($(wc -l < roster.csv) - 1))

# Malformed rows an operator will meet, appended after the good ones.
cat roster.csv > dirty.csv
cat >> dirty.csv <<'EOF'
HBAD1,1,Bad Nik,1,2014-03-02,15.03.01.2001,,,3502027102019913,,3,1,0,1,,2,,
HBAD2,1,Bad Date,2,2026-02-30,15.03.01.2001,,,,,3,1,0,1,,2,,
HBAD3,1,Bad Region,1,2014-03-02,15.99.01.2001,,,,,3,1,0,1,,2,,
HBAD4,1,"Robert'); DROP TABLE children;--",1,2014-03-02,15.03.01.2001,,,,,3,1,0,1,,11,,hantu
EOF
printf 'HBAD5,1,"Unterminated,1,2014-03-02\n' >> dirty.csv

# --- init + import ----------------------------------------------------------
"$ATENSI" init db.sqlite > /dev/null
"$ATENSI" import db.sqlite dirty.csv --at $AT --json --rejects rejects.csv > import1.json 2>/dev/null
check "import counts every data row" test "$(json import1.json "['rows']")" = "$((good_rows + 5))"
check "import rejects exactly the five malformed rows" test "$(json import1.json "['rejected']")" = 5
new1=$(json import1.json "['children_new']")
check "import stored 1500 children" test "$new1" = 1500
check "reject file names NIK rule"      grep -q '^.*,NIK,nik.date_invalid,' rejects.csv
check "reject file names date rule"     grep -q ',TglLahir,date.invalid,' rejects.csv
check "reject file names region rule"   grep -q ',KdWilayah,region.unknown,' rejects.csv
check "reject file names decile rule"   grep -q ',Desil,roster.decile,' rejects.csv
check "reject file names problem rule"  grep -q ',Masalah,roster.problem,' rejects.csv
check "reject file names truncated quote" grep -q 'csv.unterminated_quote' rejects.csv
check "reject lines carry line numbers" grep -q "^$((good_rows + 4)),KdWilayah," rejects.csv
check "rejected values are not echoed" bash -c "! grep -q 'DROP TABLE' rejects.csv"

# --- idempotent re-import ---------------------------------------------------
"$ATENSI" import db.sqlite dirty.csv --at $AT --json --rejects rejects2.csv > import2.json 2>/dev/null
check "re-import creates nothing"  test "$(json import2.json "['children_new']")" = 0
check "re-import changes nothing"  test "$(json import2.json "['children_updated']")" = 0
check "re-import sees all children unchanged" test "$(json import2.json "['children_unchanged']")" = 1500

# --- interrupted import, re-run, compared with an uninterrupted one ----------
state() {  # the logical content of a database, independent of generated ids and times
  local children facts events
  children=$(sqlite3 -bail "$1" "SELECT json_extract(doc,'\$.roster_key'), coalesce(nik,''),
                json_extract(doc,'\$.name'), birth_date, domicile FROM children ORDER BY 1;")
  facts=$(sqlite3 -bail "$1" "SELECT json_extract(c.doc,'\$.roster_key'), f.doc FROM roster_facts f
                JOIN children c ON c.id = f.child_id ORDER BY 1;")
  events=$(sqlite3 -bail "$1" "SELECT count(*) FROM events e JOIN children c ON e.chain_id = c.id;")
  [ -n "$children" ] && [ -n "$facts" ] || { echo "state query failed" >&2; return 1; }
  printf '%s\n%s\n%s\n' "$(echo "$children" | sha256sum)" "$(echo "$facts" | sha256sum)" "$events"
}
"$ATENSI" import full.sqlite roster.csv --at $AT --batch 50 > /dev/null 2>&1
interrupted=0
for delay in 0.3 0.6 1.0; do
  rm -f cut.sqlite*
  "$ATENSI" import cut.sqlite roster.csv --at $AT --batch 50 > /dev/null 2>&1 &
  pid=$!
  sleep $delay
  if kill -9 $pid 2>/dev/null; then interrupted=1; fi
  wait $pid 2>/dev/null || true
  [ $interrupted = 1 ] && break
done
echo "note - import interrupted by SIGKILL: $interrupted"
"$ATENSI" import cut.sqlite roster.csv --at $AT --batch 50 > /dev/null 2>&1
cut_state=$(state cut.sqlite)
full_state=$(state full.sqlite)
check "interrupted + re-run import equals an uninterrupted import" test "$cut_state" = "$full_state"
check "interrupted database verifies" "$ATENSI" verify cut.sqlite \
  --actor "data-officer@dinsos.15:data_officer"

# --- screen, route ----------------------------------------------------------
"$ATENSI" screen db.sqlite --at $AT --json > screen1.json 2>/dev/null
opened=$(json screen1.json "['cases_opened']")
check "screening opened cases" test "$opened" -gt 0
check "screening flagged at least the opened" test "$(json screen1.json "['flagged']")" -ge "$opened"
"$ATENSI" screen db.sqlite --at $AT --json > screen2.json 2>/dev/null
check "re-screening opens nothing new" test "$(json screen2.json "['cases_opened']")" = 0
"$ATENSI" route db.sqlite --json > route1.json 2>/dev/null
check "routing routed every open case" test "$(json route1.json "['routed']")" = "$opened"
check "routing created referrals" test "$(json route1.json "['referrals_created']")" -gt 0
"$ATENSI" route db.sqlite --json > route2.json 2>/dev/null
check "re-routing creates no referrals" test "$(json route2.json "['referrals_created']")" = 0

# --- referrals, report, verify ------------------------------------------------
# Every command that shows records names its principal (docs/access-control.md).
DO="data-officer@dinsos.15:data_officer"
for cmd in "referrals db.sqlite dinsos.15" "report db.sqlite" "verify db.sqlite" \
           "export db.sqlite" "case db.sqlite x" "subject-access db.sqlite x"; do
  set +e
  # shellcheck disable=SC2086
  "$ATENSI" $cmd > /dev/null 2> noactor.err
  rc=$?
  set -e
  check "$cmd without --actor is refused" test $rc = 2
  check "$cmd without --actor names the option" grep -q -- "--actor" noactor.err
done
"$ATENSI" referrals db.sqlite dinsos.15 --outbox --json --actor "$DO" > outbox.json
check "the provincial office's outbox lists the referrals" \
  test "$(json outbox.json "['referrals'].__len__()")" = "$(json route1.json "['referrals_created']")"
"$ATENSI" referrals db.sqlite kemensos.sentra.alyatama --json \
  --actor "worker@kemensos.sentra.alyatama:case_worker" > inbox.json
set +e
"$ATENSI" referrals db.sqlite kemensos.sentra.alyatama --json --actor "$DO" > other.json
rc=$?
set -e
check "another agency's inbox is refused (access.scope)" test $rc = 1
check "the refusal names the rule" grep -q access.scope other.json
check "unsent drafts are not in the centre's inbox" test "$(json inbox.json "['referrals'].__len__()")" = 0
"$ATENSI" report db.sqlite --json --actor "$DO" > report.json
check "report counts the cases" test "$(json report.json "['cases_total']")" = "$opened"
check "report has the caseload matrix" test "$(json report.json "['caseload'].__len__()")" -gt 0
"$ATENSI" report db.sqlite --html report.html --actor "$DO" > report.txt
check "text report has the trend and caseload" grep -q "Caseload by regency/city and stage" report.txt
check "HTML report has no scripts or external assets" bash -c "! grep -qE '<script|https?://' report.html"
set +e
/usr/bin/python3 "$SRC/tests/e2e/render_check.py" report.html report.png
rc=$?
set -e
if [ $rc = 77 ]; then echo "skip - chromium not installed"; else check "charts rendered in Chromium" test $rc = 0; fi
check "audit chain verifies after the whole job" "$ATENSI" verify db.sqlite --actor "$DO"

# --- case, export -------------------------------------------------------------
case_id=$(json outbox.json "['referrals'][0]['case_id']")
# Reads name their principal and purpose (docs/access-control.md); the
# provincial data officer holds the file of every case in Jambi by area.
"$ATENSI" case db.sqlite "$case_id" --history --json --actor "data-officer@dinsos.15:data_officer" \
  --purpose audit > case.json
check "case shows its history" test "$(json case.json "['history'].__len__()")" -gt 1
"$ATENSI" export db.sqlite --format csv -o cases.csv --actor "$DO"
check "export has one row per case" test "$(($(wc -l < cases.csv) - 1))" = "$opened"
check "redacted export has no names or NIKs" bash -c "! head -1 cases.csv | grep -qE 'name|nik|birth_date'"
"$ATENSI" export db.sqlite --format csv --unredacted -o cases-full.csv --actor "$DO" 2>/dev/null
check "unredacted export names its personal columns" bash -c "head -1 cases-full.csv | grep -q ',name,nik,'"
# Screened cases have no recorded consent: disclosure is not covered, so the
# identity columns are withheld and the row names the rule (UU 27/2022 arts 22, 25).
check "unredacted export withholds identity without consent" \
  bash -c "! awk -F, 'NR>1 && length(\$13) == 16' cases-full.csv | grep -q ."
check "withheld rows name the consent rule" grep -q 'export.consent_purpose' cases-full.csv
# --- data-subject duties (UU 27/2022 art 32, arts 42-44) -------------------------
child_id=$(json case.json "['case']['child_id']")
"$ATENSI" subject-access db.sqlite "$child_id" -o subject.json --actor "$DO"
check "subject access holds the child and its processing log" \
  test "$(json subject.json "['processing_log'].__len__()")" -gt 1
check "subject access holds the child's cases" test "$(json subject.json "['cases'].__len__()")" -ge 1
"$ATENSI" purge db.sqlite --json > purge.json
check "purge is a dry run by default and finds nothing due yet" \
  test "$(json purge.json "['dry_run']")-$(json purge.json "['children_purged']")" = True-0
"$ATENSI" export db.sqlite --what referrals --format fhir -o tasks.json --actor "$DO"
check "referrals export as a FHIR Bundle of Tasks" \
  test "$(json tasks.json "['entry'][0]['resource']['resourceType']")" = Task
check "FHIR Tasks carry FHIR status codes" \
  bash -c "grep -q '\"status\": \"draft\"' tasks.json || grep -q '\"status\": \"requested\"' tasks.json"

echo "main job e2e: all checks passed"
