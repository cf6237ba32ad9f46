// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Schema versioning for the SQLite store. The schema version lives in
// PRAGMA user_version; the file is marked as an atensi store by PRAGMA
// application_id. Migrations are an ordered list of SQL scripts; migration N
// takes the file from version N-1 to N. They run in one BEGIN IMMEDIATE
// transaction, so two processes opening the same new file do not both
// migrate it, and a crash mid-migration leaves the previous version intact.

#ifndef ATENSI_SRC_STORE_MIGRATIONS_H_
#define ATENSI_SRC_STORE_MIGRATIONS_H_

#include <cstdint>

#include "atensi/status.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// PRAGMA application_id of an atensi store: "ATSN".
inline constexpr std::int64_t kApplicationId = 0x4154534E;

// The schema version this build writes.
std::int64_t LatestSchemaVersion() noexcept;

// Brings the database up to LatestSchemaVersion(). A file with a newer
// user_version is refused with Unsupported "store.schema_newer"; a non-empty
// file that is not an atensi store with Unsupported "store.not_atensi".
Status Migrate(Db& db);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_MIGRATIONS_H_
