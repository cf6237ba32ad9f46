// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal: the access_log table (schema version 5) of the SQLite store.

#ifndef ATENSI_SRC_STORE_SQLITE_ACCESS_LOG_H_
#define ATENSI_SRC_STORE_SQLITE_ACCESS_LOG_H_

#include <string_view>
#include <vector>

#include "atensi/access/access_log.h"
#include "atensi/status.h"
#include "store/sqlite_db.h"

namespace atensi::store {

class AccessLogTable {
 public:
  explicit AccessLogTable(Db& db) : db_(db) {}
  // Appends one entry; the caller holds a write transaction.
  Status Append(const AccessLogEntry& entry);
  // Entries about a child, in seq order.
  Result<std::vector<AccessLogEntry>> OfChild(std::string_view child_id);

 private:
  Db& db_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_ACCESS_LOG_H_
