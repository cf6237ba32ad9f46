// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/pg/pg_schema.h"

#include <array>
#include <initializer_list>
#include <string>
#include <utility>

namespace atensi::store::pg {
namespace {

constexpr std::int64_t kProvinceDivisor = 100'000'000;  // PP | KK CC VVVV

// Migration 1: the tables of SQLite migrations 1-3. Partitions are appended
// by PartitionsSql().
constexpr const char* kMigration1 = R"sql(
CREATE TABLE children (
  province    smallint NOT NULL,             -- partition key: domicile province; 0 = unknown
  id          text COLLATE "C" NOT NULL,
  nik         text COLLATE "C",              -- NULL when the child has no NIK yet
  domicile    bigint NOT NULL,               -- packed region code PPKKCCVVVV; 0 = unknown
  birth_date  text NOT NULL,                 -- ISO date
  roster_key  text COLLATE "C",              -- "IDBDT/NoUrutART"; NULL = none
  doc         text NOT NULL,                 -- the Child as JSON (exact text: state_hash)
  PRIMARY KEY (id, province)
) PARTITION BY LIST (province);
CREATE INDEX children_nik ON children (nik) WHERE nik IS NOT NULL;
CREATE INDEX children_roster_key ON children (roster_key) WHERE roster_key IS NOT NULL;
CREATE INDEX children_domicile ON children (domicile);

-- Identifiers unique across all provinces: 'nik:<digits>' and 'roster:<key>'.
CREATE TABLE child_keys (
  key       text COLLATE "C" PRIMARY KEY,
  child_id  text COLLATE "C" NOT NULL
);
CREATE INDEX child_keys_child ON child_keys (child_id);

CREATE TABLE cases (
  province         smallint NOT NULL,        -- partition key: the child's domicile province
  id               text COLLATE "C" NOT NULL,
  child_id         text COLLATE "C" NOT NULL,
  version          bigint NOT NULL CHECK (version >= 1),
  stage            smallint NOT NULL,
  risk             smallint NOT NULL,
  categories       bigint NOT NULL,          -- AmpkSet bits
  region           bigint NOT NULL,          -- child's domicile, packed; 0 = unknown
  lead_agency      text NOT NULL,
  assigned_worker  text NOT NULL,
  next_due_at      bigint,                   -- earliest pending deadline, ms since epoch
  opened_at        bigint NOT NULL,
  closed_at        bigint,
  ppks             bigint NOT NULL DEFAULT 0,  -- PPKS types as bits (1 << ChildPpksType)
  doc              text NOT NULL,            -- the Case as JSON
  PRIMARY KEY (id, province)
) PARTITION BY LIST (province);
CREATE INDEX cases_child ON cases (child_id);
CREATE INDEX cases_region ON cases (region, stage, risk);
CREATE INDEX cases_region_order ON cases (region, id);
CREATE INDEX cases_due ON cases (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX cases_opened ON cases (region, opened_at);
CREATE INDEX cases_closed ON cases (region, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_stage_risk ON cases (stage, risk, region, id);
CREATE INDEX cases_open_close ON cases (region, opened_at, closed_at);
CREATE INDEX cases_region_kinds ON cases (region, categories, ppks);

-- One row per event chain (case or child): its home province (where its
-- events are stored) and its tail, locked by every append (FOR UPDATE), so
-- appends to one chain are serialised and appends to different chains are not.
CREATE TABLE chains (
  chain_id   text COLLATE "C" PRIMARY KEY,
  kind       smallint NOT NULL,              -- 1 child, 2 case
  province   smallint NOT NULL,
  tail_seq   bigint NOT NULL,
  tail_hash  bytea NOT NULL
);

CREATE TABLE events (
  province      smallint NOT NULL,           -- partition key: the chain's home province
  chain_id      text COLLATE "C" NOT NULL,   -- case id or child id
  seq           bigint NOT NULL CHECK (seq >= 1),
  kind          smallint NOT NULL,           -- 1 child, 2 case
  at            bigint NOT NULL,             -- ms since epoch UTC
  actor_person  text NOT NULL,
  actor_agency  text NOT NULL,
  actor_role    bigint NOT NULL,
  actor_rights  bigint NOT NULL,
  action        text NOT NULL,
  reason        text NOT NULL,
  changes       text NOT NULL,               -- JSON {field: {before, after}}, exact hashed text
  state_hash    bytea NOT NULL,
  prev_hash     bytea NOT NULL,
  hash          bytea NOT NULL,
  hash_format   smallint NOT NULL DEFAULT 1, -- event.h "Hash formats"; new events: 2
  payload_digest bytea,                      -- format 2: SHA-256 of the plaintext payload
  payload_purged_at bigint,                  -- ms since epoch; NULL = payload present
  PRIMARY KEY (chain_id, seq, province)
) PARTITION BY LIST (province);

CREATE TABLE checkpoints (
  seq          bigint PRIMARY KEY CHECK (seq >= 1),
  at           bigint NOT NULL,
  chain_count  bigint NOT NULL,
  root         bytea NOT NULL,
  prev_hash    bytea NOT NULL,
  hash         bytea NOT NULL
);
CREATE TABLE checkpoint_tails (
  chain_id        text COLLATE "C" NOT NULL,
  checkpoint_seq  bigint NOT NULL REFERENCES checkpoints (seq),
  tail_seq        bigint NOT NULL,
  tail_hash       bytea NOT NULL,
  PRIMARY KEY (chain_id, checkpoint_seq)
);
CREATE INDEX checkpoint_tails_by_checkpoint ON checkpoint_tails (checkpoint_seq);

CREATE FUNCTION atensi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = TG_TABLE_NAME || ' are append-only';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER checkpoint_tails_append_only BEFORE UPDATE OR DELETE ON checkpoint_tails
  FOR EACH ROW EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER checkpoint_tails_no_truncate BEFORE TRUNCATE ON checkpoint_tails
  FOR EACH STATEMENT EXECUTE FUNCTION atensi_append_only();

CREATE TABLE referrals (
  id               text COLLATE "C" PRIMARY KEY,
  case_id          text COLLATE "C" NOT NULL,
  from_agency      text NOT NULL,
  to_agency        text NOT NULL,
  role             smallint NOT NULL,        -- InvolvementRole
  status           smallint NOT NULL,        -- ReferralStatus (FHIR Task.status)
  version          bigint NOT NULL CHECK (version >= 1),
  created_at       bigint NOT NULL,
  requested_at     bigint,
  response_due_at  bigint,
  responded_at     bigint,
  doc              text NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_inbox ON referrals (to_agency, status);
CREATE INDEX referrals_outbox ON referrals (from_agency, status);
CREATE INDEX referrals_due ON referrals (response_due_at) WHERE status = 2;

CREATE TABLE transfers (
  id           text COLLATE "C" PRIMARY KEY,
  case_id      text COLLATE "C" NOT NULL,
  from_agency  text NOT NULL,
  to_agency    text NOT NULL,
  direction    smallint NOT NULL,
  status       smallint NOT NULL,
  version      bigint NOT NULL CHECK (version >= 1),
  created_at   bigint NOT NULL,
  doc          text NOT NULL
);
CREATE INDEX transfers_case ON transfers (case_id);

CREATE TABLE roster_facts (
  child_id  text COLLATE "C" PRIMARY KEY,
  doc       text NOT NULL
);

CREATE TABLE routing_decisions (
  case_id     text COLLATE "C" PRIMARY KEY,
  decided_at  bigint NOT NULL,
  doc         text NOT NULL
);
)sql";

// Migration 2 (= SQLite 4): the kept deadlines, one row per pending
// deadline of every case, partitioned like its case (the province of the
// child's domicile), so a region's due list reads one partition. A store
// created at version 1 that holds cases gets its rows from the Casebook on
// the next open (store_rebuilds marks the pending rebuild, as on SQLite).
constexpr const char* kMigration2 = R"sql(
CREATE TABLE case_deadlines (
  province  smallint NOT NULL,               -- partition key: the case's province
  case_id   text COLLATE "C" NOT NULL,
  step      smallint NOT NULL,               -- DeadlineStep
  due_at    bigint NOT NULL,                 -- ms since epoch
  region    bigint NOT NULL,                 -- the case's region column (child's domicile)
  PRIMARY KEY (case_id, step, province)
) PARTITION BY LIST (province);
CREATE INDEX case_deadlines_due ON case_deadlines (due_at, case_id, step, region);
CREATE TABLE store_rebuilds (name text COLLATE "C" PRIMARY KEY);
INSERT INTO store_rebuilds (name) SELECT 'case_deadlines' WHERE EXISTS (SELECT 1 FROM cases);
)sql";

// Migration 3 (= SQLite 5): the access log (include/atensi/access/access_log.h),
// UU 27/2022 art 32. Append-only; ids and codes only, no personal data; no
// reference to children (the log outlives a purge).
constexpr const char* kMigration3 = R"sql(
CREATE TABLE access_log (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  child_id   text COLLATE "C" NOT NULL,
  case_id    text COLLATE "C" NOT NULL DEFAULT '',  -- '' = a child-level read
  at         bigint NOT NULL,
  person_id  text NOT NULL,
  agency_id  text NOT NULL,
  role       bigint NOT NULL,
  operation  bigint NOT NULL,
  purpose    bigint NOT NULL,
  reach      bigint NOT NULL
);
CREATE INDEX access_log_child ON access_log (child_id, seq);
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION atensi_append_only();
)sql";

// Migration 4 (= SQLite 6 and 7's trigger): the event update guard. Events
// stay append-only except for the two changes SQLite's events_no_update
// trigger lets through, both on a format-2 event whose payload is still
// present and with every hashed column unchanged (so the chain verifies):
//   - tombstoning the payload once (UU 27/2022 art 44 retention): reason ''
//     and changes '{}', payload_purged_at set, payload_sealed NULL;
//   - re-sealing it under another key (rotation): reason '', changes '',
//     payload_sealed a new envelope (bytes "AE1" ...). A sealed payload
//     (encryption at rest, migration 5) lives in payload_sealed, with
//     reason '' and changes '' (text cannot hold the envelope's bytes).
constexpr const char* kMigration4 = R"sql(
ALTER TABLE events ADD COLUMN payload_sealed bytea;  -- AE1 envelope of reason + changes; NULL = clear
CREATE FUNCTION atensi_event_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.hash_format = 2 AND NEW.hash_format = 2 AND OLD.payload_purged_at IS NULL
     AND NEW.province = OLD.province AND NEW.chain_id = OLD.chain_id AND NEW.seq = OLD.seq
     AND NEW.kind = OLD.kind AND NEW.at = OLD.at AND NEW.actor_person = OLD.actor_person
     AND NEW.actor_agency = OLD.actor_agency AND NEW.actor_role = OLD.actor_role
     AND NEW.actor_rights = OLD.actor_rights AND NEW.action = OLD.action
     AND NEW.state_hash = OLD.state_hash AND NEW.prev_hash = OLD.prev_hash
     AND NEW.hash = OLD.hash AND NEW.payload_digest IS NOT DISTINCT FROM OLD.payload_digest
     AND NEW.reason = ''
     AND ((NEW.payload_purged_at IS NOT NULL AND NEW.changes = '{}' AND NEW.payload_sealed IS NULL)
          OR (NEW.payload_purged_at IS NULL AND NEW.changes = '' AND NEW.payload_sealed IS NOT NULL
              AND substr(NEW.payload_sealed, 1, 3) = '\x414531'::bytea)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'P0001',
    MESSAGE = 'events are append-only (a format-2 payload may only be purged or re-sealed)';
END $$;
DROP TRIGGER events_append_only ON events;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION atensi_append_only();
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION atensi_event_update_guard();
)sql";

// Migration 5 (= SQLite 7): encryption at rest (docs/encryption.md). The
// keys by id with a check value (never the key), the all-sealed mark, and a
// bytea column beside every sealed text document: a sealed record keeps
// doc = '' and its envelope in doc_sealed (PostgreSQL text cannot hold the
// envelope's bytes). children.nik / roster_key and child_keys then hold
// blind indexes, birth_date is blanked, as on SQLite.
constexpr const char* kMigration5 = R"sql(
CREATE TABLE crypto_keys (
  key_id     bigint PRIMARY KEY CHECK (key_id >= 1),
  key_check  bytea NOT NULL,                  -- keyed hash of a label: proves a key, reveals nothing
  retired    boolean NOT NULL DEFAULT false   -- a rotation left no ciphertext under this key
);
CREATE TABLE crypto_state (
  name   text COLLATE "C" PRIMARY KEY,        -- 'all_sealed' (1: plaintext documents are refused)
  value  bigint NOT NULL
);
ALTER TABLE children ADD COLUMN doc_sealed bytea;
ALTER TABLE cases ADD COLUMN doc_sealed bytea;
ALTER TABLE roster_facts ADD COLUMN doc_sealed bytea;
)sql";

// Migration 6: reading a record by id touches one partition. `chains`
// (unpartitioned, keyed by id) gains the province the record's row is in
// now (its chain's home province stays where its events are); reads and
// updates by id name it, so PostgreSQL prunes the other partitions at run
// time (EXPLAIN ANALYZE: "never executed"; tests/conformance).
constexpr const char* kMigration6 = R"sql(
ALTER TABLE chains ADD COLUMN row_province smallint;
UPDATE chains h SET row_province = c.province FROM cases c WHERE c.id = h.chain_id;
UPDATE chains h SET row_province = c.province FROM children c WHERE c.id = h.chain_id;
)sql";

// Migration 7 (= SQLite 8; issue #9/#10): referral, transfer and routing
// rows and their events are sealed and purged like the case's own
// (docs/encryption.md, docs/privacy.md): a doc_sealed column beside each
// doc. events.subject_id names, in clear, the referral / transfer / routing
// row a dotted event is about (the id its change set names), so Verify pairs
// rows and events without reading a payload that is sealed or purged;
// backfilled from the clear change sets of older rows. The update guard now
// also keeps subject_id unchanged. A store sealed before this version holds
// these rows in clear: all_sealed is reset so they stay readable until the
// next rotation seals them. The partial index serves the list of
// subject-access requests (UU 27/2022 art 32, 3x24 h).
constexpr const char* kMigration7 = R"sql(
ALTER TABLE referrals ADD COLUMN doc_sealed bytea;
ALTER TABLE transfers ADD COLUMN doc_sealed bytea;
ALTER TABLE routing_decisions ADD COLUMN doc_sealed bytea;
ALTER TABLE events ADD COLUMN subject_id text COLLATE "C";  -- dotted events: the row named; NULL otherwise
ALTER TABLE events DISABLE TRIGGER events_no_update;
UPDATE events SET subject_id = changes::jsonb -> (CASE WHEN left(action, 9) = 'referral.' THEN
    'referral_id' WHEN left(action, 9) = 'transfer.' THEN 'transfer_id' ELSE 'routing_id' END)
    ->> 'after'
  WHERE (left(action, 9) IN ('referral.', 'transfer.') OR left(action, 8) = 'routing.')
    AND payload_sealed IS NULL AND payload_purged_at IS NULL AND changes LIKE '{%';
ALTER TABLE events ENABLE TRIGGER events_no_update;
CREATE OR REPLACE FUNCTION atensi_event_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.hash_format = 2 AND NEW.hash_format = 2 AND OLD.payload_purged_at IS NULL
     AND NEW.province = OLD.province AND NEW.chain_id = OLD.chain_id AND NEW.seq = OLD.seq
     AND NEW.kind = OLD.kind AND NEW.at = OLD.at AND NEW.actor_person = OLD.actor_person
     AND NEW.actor_agency = OLD.actor_agency AND NEW.actor_role = OLD.actor_role
     AND NEW.actor_rights = OLD.actor_rights AND NEW.action = OLD.action
     AND NEW.state_hash = OLD.state_hash AND NEW.prev_hash = OLD.prev_hash
     AND NEW.hash = OLD.hash AND NEW.payload_digest IS NOT DISTINCT FROM OLD.payload_digest
     AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
     AND NEW.reason = ''
     AND ((NEW.payload_purged_at IS NOT NULL AND NEW.changes = '{}' AND NEW.payload_sealed IS NULL)
          OR (NEW.payload_purged_at IS NULL AND NEW.changes = '' AND NEW.payload_sealed IS NOT NULL
              AND substr(NEW.payload_sealed, 1, 3) = '\x414531'::bytea)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'P0001',
    MESSAGE = 'events are append-only (a format-2 payload may only be purged or re-sealed)';
END $$;
DELETE FROM crypto_state WHERE name = 'all_sealed' AND (EXISTS (SELECT 1 FROM referrals)
    OR EXISTS (SELECT 1 FROM transfers) OR EXISTS (SELECT 1 FROM routing_decisions));
CREATE INDEX events_access_requests ON events (chain_id, seq)
  WHERE action IN ('privacy.access_request', 'privacy.access_fulfilled', 'privacy.access_refused');
)sql";

// One LIST partition per province of the official region table, plus DEFAULT.
std::string PartitionsSql(std::initializer_list<const char*> tables) {
  std::string sql;
  for (const char* table : tables) {
    for (const Region& p : RegionTable::Official().Provinces()) {
      const std::string key = std::to_string(ProvinceKey(p.code));
      sql += std::string("CREATE TABLE ") + table + "_p" + key + " PARTITION OF " + table +
             " FOR VALUES IN (" + key + ");\n";
    }
    sql += std::string("CREATE TABLE ") + table + "_default PARTITION OF " + table + " DEFAULT;\n";
  }
  return sql;
}

// PostgreSQL migrations, applied in order; the version is the index + 1.
// Append new ones at the end (other modules' tables too: one entry each,
// with their own SQL), never edit an applied one.
struct PgMigration {
  const char* description;
  std::string (*sql)();
};
const std::array<PgMigration, 7> kPgMigrations = {{
    {"children, cases, events by province; chains, checkpoints, referrals, transfers, routing "
     "decisions, roster facts (SQLite schema 1-3)",
     [] {
       return std::string(kMigration1) + PartitionsSql({"children", "cases", "events"});
     }},
    {"kept deadlines (SQLite schema 4)",
     [] { return std::string(kMigration2) + PartitionsSql({"case_deadlines"}); }},
    {"access log (SQLite schema 5)", [] { return std::string(kMigration3); }},
    {"event update guard: purge and re-seal of format-2 payloads (SQLite schema 6-7)",
     [] { return std::string(kMigration4); }},
    {"encryption at rest: keys, sealed documents (SQLite schema 7)",
     [] { return std::string(kMigration5); }},
    {"row province of each record in chains: one-partition reads by id",
     [] { return std::string(kMigration6); }},
    {"sealed referral, transfer and routing rows; events.subject_id; subject-access index "
     "(SQLite schema 8)",
     [] { return std::string(kMigration7); }},
}};

}  // namespace

std::int64_t LatestPgSchemaVersion() noexcept {
  return static_cast<std::int64_t>(kPgMigrations.size());
}

std::int64_t ProvinceKey(const std::optional<RegionCode>& region) {
  if (!region) return 0;
  return static_cast<std::int64_t>(region->packed()) / kProvinceDivisor;
}

namespace {

// One migrator per schema at a time: a session-level advisory lock taken
// BEFORE the migration's transaction begins, so the transaction's snapshot
// (REPEATABLE READ: taken at its first statement) already sees the work of
// a migrator that held the lock before it.
class MigrationLock {
 public:
  static Result<MigrationLock> Take(Conn& conn) {
    ATENSI_RETURN_IF_ERROR(
        conn.Query("SELECT pg_advisory_lock(hashtext('atensi.migrate.' || current_schema()))")
            .status());
    return MigrationLock(&conn);
  }
  MigrationLock(MigrationLock&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  MigrationLock& operator=(MigrationLock&&) = delete;
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;
  ~MigrationLock() {
    if (conn_ != nullptr) {
      conn_->Query("SELECT pg_advisory_unlock(hashtext('atensi.migrate.' || current_schema()))")
          .status()
          .IgnoreError();
    }
  }

 private:
  explicit MigrationLock(Conn* conn) : conn_(conn) {}
  Conn* conn_;
};

}  // namespace

Status Migrate(Conn& conn, bool create_if_missing) {
  ATENSI_ASSIGN_OR_RETURN(MigrationLock lock, MigrationLock::Take(conn));
  ATENSI_ASSIGN_OR_RETURN(PgTxn txn, PgTxn::Begin(conn, PgTxn::Mode::kWrite));
  ATENSI_ASSIGN_OR_RETURN(Rows schema, conn.Query("SELECT current_schema()"));
  if (schema.empty() || schema.IsNull(0, 0)) {
    return FailedPrecondition("pg.no_schema", "path",
                              "the connection's search_path names no existing schema");
  }
  ATENSI_ASSIGN_OR_RETURN(Rows has,
                          conn.Query("SELECT to_regclass(quote_ident(current_schema()) || "
                                     "'.atensi_migrations') IS NOT NULL"));
  std::int64_t version = 0;
  if (has.Bool(0, 0)) {
    ATENSI_ASSIGN_OR_RETURN(Rows v,
                            conn.Query("SELECT coalesce(max(version), 0) FROM atensi_migrations"));
    version = v.Int64(0, 0);
  } else {
    ATENSI_ASSIGN_OR_RETURN(
        Rows objects, conn.Query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                 "c.relnamespace WHERE n.nspname = current_schema() AND "
                                 "c.relkind IN ('r', 'p', 'v', 'm', 'f')"));
    if (objects.Int64(0, 0) != 0) {
      return Unsupported("store.not_atensi", "path",
                         "the PostgreSQL schema holds tables but is not an atensi store");
    }
    if (!create_if_missing) {
      return NotFound("store.not_found", "path", "no atensi store in this PostgreSQL schema");
    }
    ATENSI_RETURN_IF_ERROR(
        conn.Exec("CREATE TABLE atensi_migrations (version integer PRIMARY KEY, applied_at "
                  "timestamptz NOT NULL DEFAULT now(), description text NOT NULL)"));
  }
  if (version > LatestPgSchemaVersion()) {
    return Unsupported("store.schema_newer", "atensi_migrations",
                       "the store was written by a newer atensi (PostgreSQL schema version " +
                           std::to_string(version) + ", this build knows up to " +
                           std::to_string(LatestPgSchemaVersion()) + "); upgrade atensi");
  }
  for (std::int64_t v = version; v < LatestPgSchemaVersion(); ++v) {
    const PgMigration& m = kPgMigrations[static_cast<std::size_t>(v)];
    ATENSI_RETURN_IF_ERROR(conn.Exec(m.sql()));
    Params p;
    const std::string sql = "INSERT INTO atensi_migrations (version, description) VALUES (" +
                            p.Add(v + 1) + ", " + p.Add(std::string_view(m.description)) + ")";
    ATENSI_RETURN_IF_ERROR(conn.Run(sql, p).status());
  }
  return txn.Commit();
}

}  // namespace atensi::store::pg
