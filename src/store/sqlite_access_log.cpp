// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store/sqlite_access_log.h"

#include <string>

namespace atensi::store {

Status AccessLogTable::Append(const AccessLogEntry& e) {
  if (!db_.InTransaction()) {
    return Internal("store.no_write_txn",
                    "the access log is written inside the read's transaction");
  }
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("INSERT INTO access_log (child_id, case_id, at, person_id, agency_id, "
                          "role, operation, purpose, reach) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                          "?8, ?9)"));
  q.Bind(1, std::string_view(e.child_id))
      .Bind(2, std::string_view(e.case_id))
      .Bind(3, e.at.ms)
      .Bind(4, std::string_view(e.person_id))
      .Bind(5, std::string_view(e.agency_id))
      .Bind(6, static_cast<std::int64_t>(e.role))
      .Bind(7, static_cast<std::int64_t>(e.operation))
      .Bind(8, static_cast<std::int64_t>(e.purpose))
      .Bind(9, static_cast<std::int64_t>(e.reach));
  return q.Run();
}

Result<std::vector<AccessLogEntry>> AccessLogTable::OfChild(std::string_view child_id) {
  ATENSI_ASSIGN_OR_RETURN(
      Stmt q, db_.Prepare("SELECT seq, child_id, case_id, at, person_id, agency_id, role, "
                          "operation, purpose, reach FROM access_log WHERE child_id = ?1 ORDER "
                          "BY seq"));
  q.Bind(1, child_id);
  std::vector<AccessLogEntry> out;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    AccessLogEntry e;
    e.seq = q.Int64(0);
    e.child_id = q.Text(1);
    e.case_id = q.Text(2);
    e.at = Instant{q.Int64(3)};
    e.person_id = q.Text(4);
    e.agency_id = q.Text(5);
    e.role = static_cast<Role>(q.Int64(6));
    e.operation = static_cast<Operation>(q.Int64(7));
    e.purpose = static_cast<AccessPurpose>(q.Int64(8));
    e.reach = static_cast<Reach>(q.Int64(9));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace atensi::store
