// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/pg/pg_schema.h"

#include <array>
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

// One LIST partition per province of the official region table, plus DEFAULT.
std::string PartitionsSql() {
  std::string sql;
  for (const char* table : {"children", "cases", "events"}) {
    for (const Region& p : RegionTable::Official().Provinces()) {
      const std::string key = std::to_string(ProvinceKey(p.code));
      sql += std::string("CREATE TABLE ") + table + "_p" + key + " PARTITION OF " + table +
             " FOR VALUES IN (" + key + ");\n";
    }
    sql += std::string("CREATE TABLE ") + table + "_default PARTITION OF " + table + " DEFAULT;\n";
  }
  return sql;
}

}  // namespace

std::int64_t ProvinceKey(const std::optional<RegionCode>& region) {
  if (!region) return 0;
  return static_cast<std::int64_t>(region->packed()) / kProvinceDivisor;
}

std::int64_t LatestPgSchemaVersion() noexcept { return 1; }

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
  if (version < 1) {
    ATENSI_RETURN_IF_ERROR(conn.Exec(kMigration1));
    ATENSI_RETURN_IF_ERROR(conn.Exec(PartitionsSql()));
    ATENSI_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO atensi_migrations (version, description) VALUES (1, 'children, "
                  "cases, events by province; chains, checkpoints, referrals, transfers, routing "
                  "decisions, roster facts (SQLite schema 1-3)')"));
  }
  return txn.Commit();
}

}  // namespace atensi::store::pg
