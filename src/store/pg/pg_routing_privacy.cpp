// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: the store side of subject-access requests on PostgreSQL
// (PostgreSQL schema 7 = SQLite 8; the SQLite twin is
// store/sqlite_access_requests.cpp).
//
// UU 27/2022 art 32 gives the data subject (here the child, through a parent
// or guardian) the right to access their personal data; the controller must
// answer within 3 x 24 hours. A request is recorded as a
// "privacy.access_request" event on the child's chain and closed by a later
// "privacy.access_fulfilled" or "privacy.access_refused" event there; a child
// is pending while the newest of those three actions is a request. Only the
// action column is read (never a payload, which may be sealed or purged);
// the partial index events_access_requests (pg_schema.cpp, migration 7) has
// exactly this WHERE term, so the scan touches only these events.

#include <string>
#include <utility>
#include <vector>

#include "store/pg/pg_case_store.h"

namespace atensi::store::pg {

Result<std::vector<std::string>> PgCaseStore::ChildrenWithPendingAccessRequest() {
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT DISTINCT ON (chain_id) chain_id, action FROM events WHERE "
                           "action IN ('privacy.access_request', 'privacy.access_fulfilled', "
                           "'privacy.access_refused') ORDER BY chain_id, seq DESC"));
  std::vector<std::string> out;
  for (int r = 0; r < q.size(); ++r) {
    if (q.TextView(r, 1) == "privacy.access_request") out.push_back(q.Text(r, 0));
  }
  return out;
}

}  // namespace atensi::store::pg
