// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/migrations.h"

#include <array>
#include <string>

namespace atensi::store {
namespace {

// Migration N (1-based) is kMigrations[N-1]. Never edit a released entry:
// append a new one.
constexpr auto kMigrations = std::to_array<const char*>({
    // 1: children, cases, the hash-chained event log and its checkpoints.
    R"sql(
CREATE TABLE children (
  id          TEXT PRIMARY KEY NOT NULL,
  nik         TEXT UNIQUE,                 -- NULL when the child has no NIK yet
  domicile    INTEGER NOT NULL,            -- packed region code PPKKCCVVVV; 0 = unknown
  birth_date  TEXT NOT NULL,               -- ISO date
  doc         TEXT NOT NULL                -- the Child as JSON
) WITHOUT ROWID;

CREATE TABLE cases (
  id               TEXT PRIMARY KEY NOT NULL,
  child_id         TEXT NOT NULL REFERENCES children(id),
  version          INTEGER NOT NULL CHECK (version >= 1),
  stage            INTEGER NOT NULL,
  risk             INTEGER NOT NULL,
  categories       INTEGER NOT NULL,       -- AmpkSet bits
  region           INTEGER NOT NULL,       -- child's domicile, packed; 0 = unknown.
                                           -- A subtree is a range: region BETWEEN lo AND hi
  lead_agency      TEXT NOT NULL,
  assigned_worker  TEXT NOT NULL,
  next_due_at      INTEGER,                -- earliest pending deadline, ms since epoch
  opened_at        INTEGER NOT NULL,
  closed_at        INTEGER,
  doc              TEXT NOT NULL           -- the Case as JSON
) WITHOUT ROWID;
CREATE INDEX cases_child ON cases(child_id);
CREATE INDEX cases_region ON cases(region, stage, risk);
CREATE INDEX cases_region_order ON cases(region, id);  -- keyset pagination
CREATE INDEX cases_due ON cases(next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE events (
  chain_id      TEXT NOT NULL,             -- case id or child id
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  kind          INTEGER NOT NULL,          -- 1 child, 2 case
  at            INTEGER NOT NULL,          -- ms since epoch UTC
  actor_person  TEXT NOT NULL,
  actor_agency  TEXT NOT NULL,
  actor_role    INTEGER NOT NULL,
  actor_rights  INTEGER NOT NULL,
  action        TEXT NOT NULL,
  reason        TEXT NOT NULL,
  changes       TEXT NOT NULL,             -- JSON {field: {before, after}}
  state_hash    BLOB NOT NULL,
  prev_hash     BLOB NOT NULL,
  hash          BLOB NOT NULL,
  PRIMARY KEY (chain_id, seq)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
  at           INTEGER NOT NULL,
  chain_count  INTEGER NOT NULL,
  root         BLOB NOT NULL,              -- hash over all chain tails, sorted by chain_id
  prev_hash    BLOB NOT NULL,
  hash         BLOB NOT NULL
);

-- Tails that changed since the previous checkpoint (a delta); the full tail
-- set sealed by checkpoint K is the latest row per chain with checkpoint_seq <= K.
CREATE TABLE checkpoint_tails (
  chain_id        TEXT NOT NULL,
  checkpoint_seq  INTEGER NOT NULL REFERENCES checkpoints(seq),
  tail_seq        INTEGER NOT NULL,
  tail_hash       BLOB NOT NULL,
  PRIMARY KEY (chain_id, checkpoint_seq)
) WITHOUT ROWID;
CREATE INDEX checkpoint_tails_by_checkpoint ON checkpoint_tails(checkpoint_seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoint_tails_no_update BEFORE UPDATE ON checkpoint_tails
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoint_tails_no_delete BEFORE DELETE ON checkpoint_tails
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
    // 2: routing, referrals and transfers (issue 4); roster keys and report
    // columns (issue 6). Rows of the new tables are bound to their case's
    // event chain by state_hash (case_store.h).
    R"sql(
ALTER TABLE children ADD COLUMN roster_key TEXT;  -- "IDBDT/NoUrutART"; NULL = none
CREATE UNIQUE INDEX children_roster_key ON children(roster_key) WHERE roster_key IS NOT NULL;
CREATE INDEX children_domicile ON children(domicile);

-- PPKS types as bits (1 << ChildPpksType), for report aggregates.
ALTER TABLE cases ADD COLUMN ppks INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET ppks = (
  SELECT coalesce(sum(CASE value
    WHEN 'anak_balita_telantar' THEN 2 WHEN 'anak_telantar' THEN 4
    WHEN 'anak_jalanan' THEN 8 WHEN 'anak_kebutuhan_khusus' THEN 16
    WHEN 'pengembangan_fungsi_sosial' THEN 32 WHEN 'korban_bencana' THEN 64 ELSE 0 END), 0)
  FROM json_each(cases.doc, '$.ppks_types'));
CREATE INDEX cases_opened ON cases(region, opened_at);
CREATE INDEX cases_closed ON cases(region, closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE referrals (
  id               TEXT PRIMARY KEY NOT NULL,
  case_id          TEXT NOT NULL REFERENCES cases(id),
  from_agency      TEXT NOT NULL,
  to_agency        TEXT NOT NULL,
  role             INTEGER NOT NULL,          -- InvolvementRole
  status           INTEGER NOT NULL,          -- ReferralStatus (FHIR Task.status)
  version          INTEGER NOT NULL CHECK (version >= 1),
  created_at       INTEGER NOT NULL,
  requested_at     INTEGER,
  response_due_at  INTEGER,
  responded_at     INTEGER,                   -- accepted or rejected at
  doc              TEXT NOT NULL              -- the Referral as JSON
) WITHOUT ROWID;
CREATE INDEX referrals_case ON referrals(case_id);
CREATE INDEX referrals_inbox ON referrals(to_agency, status);
CREATE INDEX referrals_outbox ON referrals(from_agency, status);
CREATE INDEX referrals_due ON referrals(response_due_at) WHERE status = 2;

CREATE TABLE transfers (
  id           TEXT PRIMARY KEY NOT NULL,
  case_id      TEXT NOT NULL REFERENCES cases(id),
  from_agency  TEXT NOT NULL,
  to_agency    TEXT NOT NULL,
  direction    INTEGER NOT NULL,              -- TransferDirection
  status       INTEGER NOT NULL,              -- TransferStatus
  version      INTEGER NOT NULL CHECK (version >= 1),
  created_at   INTEGER NOT NULL,
  doc          TEXT NOT NULL                  -- the Transfer as JSON
) WITHOUT ROWID;
CREATE INDEX transfers_case ON transfers(case_id);

-- The roster row a child was last imported from (RosterRecord as JSON), staged
-- for screening. Input data, not a decision: no event (the child's
-- register/update event records the child's own fields).
CREATE TABLE roster_facts (
  child_id  TEXT PRIMARY KEY NOT NULL REFERENCES children(id),
  doc       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE routing_decisions (
  case_id     TEXT PRIMARY KEY NOT NULL REFERENCES cases(id),
  decided_at  INTEGER NOT NULL,
  doc         TEXT NOT NULL                   -- the RoutingDecision as JSON
) WITHOUT ROWID;
)sql",
    // 3: the caseload page filtered by stage and risk (docs/performance.md,
    // workload 4). Equality on stage and risk, then the region range in
    // (region, id) order: the page is read straight off this index. Without
    // it SQLite walked cases_region_order and fetched every case row of the
    // subtree to test stage and risk (seconds at 10^6 cases from a cold cache).
    //
    // The province report's monthly trend counts the cases open at each
    // month's end (opened_at < end AND closed_at IS NULL OR >= end) and its
    // category table groups by categories and ppks: both were a case-row
    // fetch per case per month (minutes at 10^6 cases); these two indexes
    // answer them from the index alone.
    R"sql(
CREATE INDEX cases_stage_risk ON cases(stage, risk, region, id);
CREATE INDEX cases_open_close ON cases(region, opened_at, closed_at);
CREATE INDEX cases_region_kinds ON cases(region, categories, ppks);
)sql",
    // 4 (docs/performance.md workload 4): read-side indexes.
    //   - cases_caseload replaces cases_stage_risk with a COVERING index: the
    //     caseload page (stage = ? AND risk = ? AND region range, in
    //     (region, id) order) reads every summary column from the index
    //     leaves instead of fetching 51 scattered case rows.
    //   - cases_report replaces cases_open_close and cases_region_kinds: the
    //     province report reads caseload, categories and the monthly trend in
    //     ONE index-only pass over the province (grouped in C++).
    //   - case_deadlines: every pending deadline of every case (computed by
    //     the Casebook with its deadline policy when the case is written, like
    //     next_due_at), so the overdue list pages by (due_at, case_id, step)
    //     from an index without parsing case documents. Files migrated from
    //     schema 3 get their rows from the Casebook on first open
    //     (store_rebuilds marks the pending rebuild).
    R"sql(
DROP INDEX cases_stage_risk;
CREATE INDEX cases_caseload ON cases(stage, risk, region, id, child_id, version, categories,
  lead_agency, assigned_worker, opened_at, closed_at, next_due_at);
DROP INDEX cases_open_close;
DROP INDEX cases_region_kinds;
CREATE INDEX cases_report ON cases(region, stage, categories, ppks, opened_at, closed_at);

CREATE TABLE case_deadlines (
  case_id  TEXT NOT NULL REFERENCES cases(id),
  step     INTEGER NOT NULL,                -- DeadlineStep
  due_at   INTEGER NOT NULL,                -- ms since epoch
  region   INTEGER NOT NULL,                -- the case's region column (child's domicile)
  PRIMARY KEY (case_id, step)
) WITHOUT ROWID;
CREATE INDEX case_deadlines_due ON case_deadlines(due_at, case_id, step, region);

-- Derived data a migration cannot compute in SQL (it needs the Casebook's
-- policy); one row per rebuild still to do, deleted when done.
CREATE TABLE store_rebuilds (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
INSERT INTO store_rebuilds (name) SELECT 'case_deadlines' WHERE EXISTS (SELECT 1 FROM cases);
)sql",
    // 5: the access log (include/atensi/access/access_log.h):
    // every read of a child's personal data, with actor, purpose and time,
    // UU 27/2022 art 32 (the processing log the subject may ask for).
    // Append-only like the checkpoints; no personal data in it (ids, codes).
    // No foreign key to children: the log outlives a purge of the child.
    R"sql(
CREATE TABLE access_log (
  seq        INTEGER PRIMARY KEY,       -- increasing
  child_id   TEXT NOT NULL,
  case_id    TEXT NOT NULL DEFAULT '',  -- '' = a child-level read
  at         INTEGER NOT NULL,          -- ms since epoch
  person_id  TEXT NOT NULL,
  agency_id  TEXT NOT NULL,
  role       INTEGER NOT NULL,          -- Role
  operation  INTEGER NOT NULL,          -- Operation
  purpose    INTEGER NOT NULL,          -- AccessPurpose
  reach      INTEGER NOT NULL           -- Reach granted
);
CREATE INDEX access_log_child ON access_log(child_id, seq);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
)sql",
    // 6: event hash format 2 (include/atensi/store/event.h). A
    // format-2 event hash commits to payload_digest = SHA-256 over the
    // plaintext reason + change set instead of the text itself, so purging
    // the payload (UU 27/2022 art 44 retention) leaves a tombstone that still
    // verifies. Old rows keep format 1 and verify as before. The update
    // trigger now lets exactly one change through: tombstoning a format-2
    // payload once (reason '' and changes '{}', payload_purged_at set,
    // every other column unchanged).
    R"sql(
ALTER TABLE events ADD COLUMN hash_format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN payload_digest BLOB;     -- format 2: SHA-256 of the plaintext payload
ALTER TABLE events ADD COLUMN payload_purged_at INTEGER;  -- ms since epoch; NULL = payload present
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (OLD.hash_format = 2 AND NEW.hash_format = 2 AND OLD.payload_purged_at IS NULL
          AND NEW.payload_purged_at IS NOT NULL AND NEW.reason = '' AND NEW.changes = '{}'
          AND NEW.chain_id IS OLD.chain_id AND NEW.seq IS OLD.seq AND NEW.kind IS OLD.kind
          AND NEW.at IS OLD.at AND NEW.actor_person IS OLD.actor_person
          AND NEW.actor_agency IS OLD.actor_agency AND NEW.actor_role IS OLD.actor_role
          AND NEW.actor_rights IS OLD.actor_rights AND NEW.action IS OLD.action
          AND NEW.state_hash IS OLD.state_hash AND NEW.prev_hash IS OLD.prev_hash
          AND NEW.hash IS OLD.hash AND NEW.payload_digest IS OLD.payload_digest)
BEGIN SELECT RAISE(ABORT, 'events are append-only (only a format-2 payload may be purged)'); END;
)sql",
    // 7: encryption at rest (docs/encryption.md). The keys the
    // store has seen, by id, with a check value (never the key); a key is
    // retired when a rotation left no ciphertext under it. crypto_state
    // records whether every record was sealed once (then a plaintext
    // document is refused as tampering). The event update trigger of
    // migration 6 gains one more permitted change: re-sealing a format-2
    // payload (key rotation): reason '' and `changes` a new envelope (BLOB
    // starting "AE1"), every hashed column unchanged (the hash commits to
    // the plaintext's payload_digest, so the chain still verifies).
    R"sql(
CREATE TABLE crypto_keys (
  key_id      INTEGER PRIMARY KEY CHECK (key_id >= 1),
  key_check   BLOB NOT NULL,               -- keyed hash of a label: proves a key, reveals nothing
  retired     INTEGER NOT NULL DEFAULT 0   -- 1: a rotation left no ciphertext under this key
);
CREATE TABLE crypto_state (
  name   TEXT PRIMARY KEY NOT NULL,        -- 'all_sealed' (1: plaintext documents are refused)
  value  INTEGER NOT NULL
) WITHOUT ROWID;
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (OLD.hash_format = 2 AND NEW.hash_format = 2 AND OLD.payload_purged_at IS NULL
          AND NEW.chain_id IS OLD.chain_id AND NEW.seq IS OLD.seq AND NEW.kind IS OLD.kind
          AND NEW.at IS OLD.at AND NEW.actor_person IS OLD.actor_person
          AND NEW.actor_agency IS OLD.actor_agency AND NEW.actor_role IS OLD.actor_role
          AND NEW.actor_rights IS OLD.actor_rights AND NEW.action IS OLD.action
          AND NEW.state_hash IS OLD.state_hash AND NEW.prev_hash IS OLD.prev_hash
          AND NEW.hash IS OLD.hash AND NEW.payload_digest IS OLD.payload_digest
          AND ((NEW.payload_purged_at IS NOT NULL AND NEW.reason = '' AND NEW.changes = '{}')
               OR (NEW.payload_purged_at IS NULL AND NEW.reason = ''
                   AND typeof(NEW.changes) = 'blob' AND substr(NEW.changes, 1, 3) = X'414531')))
BEGIN SELECT RAISE(ABORT, 'events are append-only (a format-2 payload may only be purged or re-sealed)'); END;
)sql",
    // 8 (helper B, issue 9): referral, transfer and routing rows and
    // their events sealed and purged like the case's own (docs/encryption.md,
    // docs/privacy.md). events.subject_id names, in clear, the referral /
    // transfer / routing row a dotted event is about (the id its change set
    // names), so Verify can pair rows and events without reading a payload
    // that is now sealed or purged; Verify checks it against the opened
    // change set. Backfilled from the clear change sets of older rows. The
    // update trigger keeps it unchanged. A store sealed before this version
    // holds these rows in clear: all_sealed is reset so they stay readable
    // until the next rotation seals them. The partial index serves the list
    // of subject-access requests (UU 27/2022 art 32, 3x24 h).
    R"sql(
DROP TRIGGER events_no_update;
ALTER TABLE events ADD COLUMN subject_id TEXT;  -- dotted events: the row named; NULL otherwise
UPDATE events SET subject_id = CAST(json_extract(changes,
    CASE WHEN substr(action, 1, 9) = 'referral.' THEN '$.referral_id.after'
         WHEN substr(action, 1, 9) = 'transfer.' THEN '$.transfer_id.after'
         ELSE '$.routing_id.after' END) AS TEXT)
  WHERE (substr(action, 1, 9) IN ('referral.', 'transfer.') OR substr(action, 1, 8) = 'routing.')
    AND typeof(changes) = 'text' AND json_valid(changes);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (OLD.hash_format = 2 AND NEW.hash_format = 2 AND OLD.payload_purged_at IS NULL
          AND NEW.chain_id IS OLD.chain_id AND NEW.seq IS OLD.seq AND NEW.kind IS OLD.kind
          AND NEW.at IS OLD.at AND NEW.actor_person IS OLD.actor_person
          AND NEW.actor_agency IS OLD.actor_agency AND NEW.actor_role IS OLD.actor_role
          AND NEW.actor_rights IS OLD.actor_rights AND NEW.action IS OLD.action
          AND NEW.state_hash IS OLD.state_hash AND NEW.prev_hash IS OLD.prev_hash
          AND NEW.hash IS OLD.hash AND NEW.payload_digest IS OLD.payload_digest
          AND NEW.subject_id IS OLD.subject_id
          AND ((NEW.payload_purged_at IS NOT NULL AND NEW.reason = '' AND NEW.changes = '{}')
               OR (NEW.payload_purged_at IS NULL AND NEW.reason = ''
                   AND typeof(NEW.changes) = 'blob' AND substr(NEW.changes, 1, 3) = X'414531')))
BEGIN SELECT RAISE(ABORT, 'events are append-only (a format-2 payload may only be purged or re-sealed)'); END;
DELETE FROM crypto_state WHERE name = 'all_sealed' AND (EXISTS (SELECT 1 FROM referrals)
    OR EXISTS (SELECT 1 FROM transfers) OR EXISTS (SELECT 1 FROM routing_decisions));
CREATE INDEX events_access_requests ON events(chain_id, seq)
  WHERE action IN ('privacy.access_request', 'privacy.access_fulfilled', 'privacy.access_refused');
)sql",
});

}  // namespace

std::int64_t LatestSchemaVersion() noexcept {
  return static_cast<std::int64_t>(kMigrations.size());
}

Status Migrate(Db& db) {
  ATENSI_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db, Transaction::Mode::kWrite));
  ATENSI_ASSIGN_OR_RETURN(std::int64_t version, db.QueryInt("PRAGMA user_version"));
  ATENSI_ASSIGN_OR_RETURN(std::int64_t app_id, db.QueryInt("PRAGMA application_id"));
  if (version > LatestSchemaVersion()) {
    return Unsupported("store.schema_newer", "user_version",
                       "the database was written by a newer atensi (schema version " +
                           std::to_string(version) + ", this build knows up to " +
                           std::to_string(LatestSchemaVersion()) + "); upgrade atensi to open it");
  }
  if (app_id != kApplicationId) {
    ATENSI_ASSIGN_OR_RETURN(std::int64_t objects,
                            db.QueryInt("SELECT count(*) FROM sqlite_schema"));
    if (app_id != 0 || objects != 0) {
      return Unsupported("store.not_atensi", "path",
                         "the file is an SQLite database but not an atensi store");
    }
  }
  if (version == LatestSchemaVersion()) return txn.Commit();
  for (std::int64_t v = version; v < LatestSchemaVersion(); ++v) {
    ATENSI_RETURN_IF_ERROR(db.Exec(kMigrations[static_cast<std::size_t>(v)]));
  }
  // PRAGMA values cannot be bound parameters; both are integers we control.
  ATENSI_RETURN_IF_ERROR(db.Exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
  ATENSI_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(LatestSchemaVersion())));
  return txn.Commit();
}

}  // namespace atensi::store
