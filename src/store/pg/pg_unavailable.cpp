// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The PostgreSQL entry points of a build without libpq (CMake option
// ATENSI_WITH_POSTGRES=OFF): a postgresql:// path is refused with a clear
// status instead of being opened as an SQLite file name.

#include "atensi/store/pg_case_store.h"

namespace atensi {

bool IsPostgresUri(std::string_view path) noexcept {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

bool PostgresSupported() noexcept { return false; }

Result<std::unique_ptr<CaseStore>> OpenPgCaseStore(const PgStoreOptions& /*options*/) {
  return Unsupported("store.pg_unavailable", "path",
                     "this atensi was built without the PostgreSQL backend "
                     "(configure with -DATENSI_WITH_POSTGRES=ON and libpq-dev installed)");
}

}  // namespace atensi
