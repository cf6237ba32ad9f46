// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: the access log (PostgreSQL migration 3 = SQLite schema 5;
// include/atensi/access/access_log.h). Every read of a child's personal data
// appends one entry in the read's own transaction, UU 27/2022 art 32 (the
// processing log the data subject may ask for). Ids and codes only: no
// personal data. Append-only (trigger); seq is an identity column, so
// entries of one child come back in the order they were written.

#include <string>
#include <utility>
#include <vector>

#include "store/pg/pg_case_store.h"

namespace atensi::store::pg {

Status PgCaseStore::AppendAccessLog(const AccessLogEntry& e) {
  if (!conn_->InTransaction()) {
    return Internal("store.no_write_txn",
                    "the access log is written inside the read's transaction");
  }
  Params p;
  const std::string sql =
      "INSERT INTO access_log (child_id, case_id, at, person_id, agency_id, role, operation, "
      "purpose, reach) VALUES (" +
      p.Add(std::string_view(e.child_id)) + ", " + p.Add(std::string_view(e.case_id)) + ", " +
      p.Add(e.at.ms) + ", " + p.Add(std::string_view(e.person_id)) + ", " +
      p.Add(std::string_view(e.agency_id)) + ", " + p.Add(static_cast<std::int64_t>(e.role)) +
      ", " + p.Add(static_cast<std::int64_t>(e.operation)) + ", " +
      p.Add(static_cast<std::int64_t>(e.purpose)) + ", " +
      p.Add(static_cast<std::int64_t>(e.reach)) + ")";
  return conn_->Run(sql, p).status();
}

Result<std::vector<AccessLogEntry>> PgCaseStore::AccessLogOfChild(std::string_view child_id) {
  Params p;
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT seq, child_id, case_id, at, person_id, agency_id, role, "
                           "operation, purpose, reach FROM access_log WHERE child_id = " +
                               p.Add(child_id) + " ORDER BY seq",
                           p));
  std::vector<AccessLogEntry> out;
  out.reserve(static_cast<std::size_t>(q.size()));
  for (int r = 0; r < q.size(); ++r) {
    AccessLogEntry e;
    e.seq = q.Int64(r, 0);
    e.child_id = q.Text(r, 1);
    e.case_id = q.Text(r, 2);
    e.at = Instant{q.Int64(r, 3)};
    e.person_id = q.Text(r, 4);
    e.agency_id = q.Text(r, 5);
    e.role = static_cast<Role>(q.Int64(r, 6));
    e.operation = static_cast<Operation>(q.Int64(r, 7));
    e.purpose = static_cast<AccessPurpose>(q.Int64(r, 8));
    e.reach = static_cast<Reach>(q.Int64(r, 9));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace atensi::store::pg
