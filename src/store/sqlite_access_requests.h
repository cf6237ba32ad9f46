// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The SQLite query behind the list of pending subject-access requests (UU
// 27/2022 art 32: answered within 3x24 h). Requests and their outcomes are
// events of the child's chain ("privacy.access_request",
// "privacy.access_fulfilled", "privacy.access_refused"); their payloads are
// sealed, their actions are not. Migration 8 indexes exactly those events
// (partial index events_access_requests), so the list reads a handful of
// rows, not the log. Private to the store module.

#ifndef ATENSI_SRC_STORE_SQLITE_ACCESS_REQUESTS_H_
#define ATENSI_SRC_STORE_SQLITE_ACCESS_REQUESTS_H_

#include <string>
#include <vector>

#include "atensi/status.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// CaseStore::ChildrenWithPendingAccessRequest over SQLite. Inside a transaction.
Result<std::vector<std::string>> ChildrenWithPendingAccessRequest(Db& db);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_ACCESS_REQUESTS_H_
