// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL CaseStore: one shared record for many offices (issue #10).
//
// The same CaseStore contract as the SQLite store (case_store.h), on a
// PostgreSQL server reached through libpq. Casebook::Open picks it when
// OpenOptions::path is a `postgresql://` or `postgres://` URI (libpq's URI
// syntax: postgresql://user[:password]@host[:port]/database[?param=value...]);
// any other path is an SQLite file. The store lives in the first schema of
// the connection's search_path: several independent stores can share one
// database in different schemas (`?options=-csearch_path%3Dmy_schema`).
//
// Records, events and checkpoints are encoded exactly as on SQLite, so a
// hash chain verifies identically on both backends. Children, cases and
// events are partitioned by province (src/store/pg/pg_schema.h). Every
// operation is one REPEATABLE READ transaction; concurrent writers are
// reported, never merged: Conflict "store.version_conflict" or
// "pg.serialization_failure" (reload and retry), Busy "pg.deadlock" or
// "pg.lock_timeout" (retry later), IoError "pg.connection_lost".

#ifndef ATENSI_STORE_PG_CASE_STORE_H_
#define ATENSI_STORE_PG_CASE_STORE_H_

#include <memory>
#include <string>
#include <string_view>

#include "atensi/status.h"
#include "atensi/store/case_store.h"

namespace atensi {

struct PgStoreOptions {
  // A libpq connection URI, postgresql://... or postgres://...
  std::string uri;
  // Create the tables when the schema is empty; otherwise NotFound
  // "store.not_found".
  bool create_if_missing = true;
  // How long a statement waits for a row or table lock before it fails with
  // Busy "pg.lock_timeout" (PostgreSQL lock_timeout); 0 = forever.
  int lock_timeout_ms = 5000;
  // Synchronous::kOff turns off synchronous_commit for this connection (a
  // server crash may lose the last commits, never corrupts); kNormal and
  // kFull wait for the commit to be flushed (the server's default).
  Synchronous synchronous = Synchronous::kFull;
  // Encryption at rest (docs/encryption.md), as SqliteStoreOptions::key and
  // ::key_provider: the current key and a provider for the other key ids
  // met while reading. Null / empty = no key: an encrypted store then
  // refuses sensitive reads and writes with FailedPrecondition
  // "crypto.key_missing".
  std::shared_ptr<const EncryptionKey> key;
  KeyProvider key_provider;
};

// Whether `path` names a PostgreSQL store (starts with "postgresql://" or
// "postgres://").
bool IsPostgresUri(std::string_view path) noexcept;

// Whether this build of atensi has the PostgreSQL backend (built with libpq,
// CMake option ATENSI_WITH_POSTGRES).
bool PostgresSupported() noexcept;

// Connects, then creates or migrates the schema as needed and registers
// options.key (PermissionDenied "crypto.wrong_key", FailedPrecondition
// "crypto.key_retired" as on SQLite). IoError
// "pg.connect" when the server cannot be reached; Unsupported
// "store.schema_newer" / "store.not_atensi"; NotFound "store.not_found"
// (empty schema, !create_if_missing); Unsupported "store.pg_unavailable"
// when this build has no PostgreSQL backend.
Result<std::unique_ptr<CaseStore>> OpenPgCaseStore(const PgStoreOptions& options);

}  // namespace atensi

#endif  // ATENSI_STORE_PG_CASE_STORE_H_
