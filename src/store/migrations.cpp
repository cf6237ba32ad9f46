// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/migrations.h"

#include <array>
#include <string>

namespace atensi::store {
namespace {

// Migration N (1-based) is kMigrations[N-1]. Never edit a released entry:
// append a new one.
constexpr std::array<const char*, 3> kMigrations = {
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
};

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
