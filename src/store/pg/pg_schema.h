// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL schema of the atensi store and its versioning.
//
// The tables mirror SQLite migrations 1-3 (src/store/migrations.cpp): the
// same columns with the same meaning and encodings (packed region codes,
// enum numbers, milliseconds since the epoch, records as their exact JSON
// text, digests as 32 raw bytes), so a record and its event hash chain are
// byte-for-byte the same on both backends and verify identically.
//
// What differs, and why:
//   - children, cases and events are PARTITIONED BY LIST (province), the
//     2-digit province code of the record (0 = unknown domicile, kept in the
//     DEFAULT partition with any province code not in the region table). A
//     national store keeps each province's rows, indexes and vacuum work
//     apart, queries scoped to a region read one partition, and the same key
//     distributes the tables across nodes (Citus: distribute by province).
//     Children and cases move partition when the child's domicile moves to
//     another province. An event stays in the partition of its chain's home
//     province (the province of the record when the chain began, recorded in
//     `chains`), so a chain is read from one partition.
//   - A unique constraint on a partitioned table must contain the partition
//     key, so identifiers unique across the country are enforced by small
//     unpartitioned tables: `chains` (one row per case/child chain: its id,
//     home province and tail; a second record with an existing id fails
//     there) and `child_keys` (NIK and roster key of every child).
//   - Foreign keys to a partitioned table need a unique constraint on the
//     referenced columns alone, so the SQLite REFERENCES clauses are not
//     repeated; the Casebook checks every parent exists in the same
//     transaction.
//   - Identifiers are `text COLLATE "C"` so that ordering (pagination
//     cursors, Verify's first broken link, ChildTimeline ties) is bytewise,
//     exactly as in SQLite, whatever the database's default collation.
//   - Append-only is enforced by triggers that raise on UPDATE, DELETE and
//     TRUNCATE of events, checkpoints and checkpoint_tails.
//
// Versioning: table atensi_migrations holds one row per applied migration.
// PostgreSQL numbers its migrations on its own (kPgMigrations in
// pg_schema.cpp, in order: 1 = SQLite 1-3, 2 = SQLite 4 kept deadlines,
// 3 = SQLite 5 access log, 4 = the event update guard of SQLite 6-7, 5 =
// SQLite 7 encryption at rest, 6 = chains.row_province for one-partition
// reads by id; docs/postgresql.md has the table). New migrations are
// appended to that array. They run in one transaction under an advisory
// lock, so two processes opening a new store do not both migrate it and a
// failed migration leaves the previous version intact (PostgreSQL DDL is
// transactional).

#ifndef ATENSI_SRC_STORE_PG_PG_SCHEMA_H_
#define ATENSI_SRC_STORE_PG_PG_SCHEMA_H_

#include <cstdint>
#include <optional>

#include "atensi/region.h"
#include "atensi/status.h"
#include "store/pg/pg_conn.h"

namespace atensi::store::pg {

// The PostgreSQL schema version this build writes.
std::int64_t LatestPgSchemaVersion() noexcept;

// Brings the current schema (the first schema on the connection's
// search_path) up to LatestPgSchemaVersion(). Unsupported "store.schema_newer"
// when it was written by a newer atensi, "store.not_atensi" when it holds
// other tables; NotFound "store.not_found" when it is empty and
// !create_if_missing; FailedPrecondition "pg.no_schema" when the search_path
// names no existing schema.
Status Migrate(Conn& conn, bool create_if_missing);

// The partition key of a record: the 2-digit province code of `region`, 0
// when unknown.
std::int64_t ProvinceKey(const std::optional<RegionCode>& region);

}  // namespace atensi::store::pg

#endif  // ATENSI_SRC_STORE_PG_PG_SCHEMA_H_
