// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Pending subject-access requests over SQLite (sqlite_access_requests.h;
// UU 27/2022 art 32).

#include "store/sqlite_access_requests.h"

namespace atensi::store {

Result<std::vector<std::string>> ChildrenWithPendingAccessRequest(Db& db) {
  // The WHERE term is the partial index's own, so the index is used.
  ATENSI_ASSIGN_OR_RETURN(Stmt q,
                          db.Prepare("SELECT chain_id, action FROM events WHERE action IN "
                                     "('privacy.access_request', 'privacy.access_fulfilled', "
                                     "'privacy.access_refused') ORDER BY chain_id, seq"));
  std::vector<std::string> out;
  std::string chain;
  bool pending = false;
  auto flush = [&] {
    if (pending) out.push_back(chain);
  };
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (q.TextView(0) != chain) {
      flush();
      chain.assign(q.TextView(0));
    }
    pending = q.TextView(1) == "privacy.access_request";
  }
  flush();
  return out;
}

}  // namespace atensi::store
