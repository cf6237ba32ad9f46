// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore: the kept deadlines (PostgreSQL migration 2 = SQLite schema 4;
// store/sqlite_deadlines.h is the reference). One row per pending deadline
// of every case, written beside the case row from CaseIndex::pending (the
// Casebook computes it with its DeadlinePolicy: the deadline rules live in
// the lifecycle core, this file only stores and pages). The table is
// partitioned like `cases` (the child's domicile province), so a due list
// scoped to a region reads one partition. Paging and ordering are SQLite's:
// (due_at, case_id, step), cursor "<due_at>/<step>/<case id>".

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/due_page.h"
#include "store/pg/pg_case_store.h"
#include "store/pg/pg_schema.h"
#include "store/region_range.h"

namespace atensi::store::pg {

Status PgCaseStore::WriteDeadlines(std::string_view case_id, const CaseIndex& index, bool replace) {
  if (replace) {
    Params p;
    // The kept deadlines sit in the case row's province (chains.row_province,
    // not yet moved by this update): one partition.
    const std::string id = p.Add(case_id);
    ATENSI_RETURN_IF_ERROR(conn_->Defer(
        "DELETE FROM case_deadlines WHERE case_id = " + id +
            " AND province = (SELECT row_province FROM chains WHERE chain_id = " + id + ")",
        p));
  }
  if (index.pending.empty()) return Status::Ok();
  // One row per step, the last one winning (SQLite's INSERT OR REPLACE);
  // one statement for all of them (at most kDeadlineStepCount).
  std::map<std::int64_t, std::int64_t> due_by_step;
  for (const DueItem& item : index.pending) {
    due_by_step[static_cast<std::int64_t>(item.step)] = item.due_at.ms;
  }
  Params p;
  const std::string province = p.Add(ProvinceKey(index.region));
  const std::string id = p.Add(case_id);
  const std::string region =
      p.Add(index.region ? static_cast<std::int64_t>(index.region->packed()) : std::int64_t{0});
  std::string sql = "INSERT INTO case_deadlines (province, case_id, step, due_at, region) VALUES ";
  bool first = true;
  for (const auto& [step, due_at] : due_by_step) {
    if (!first) sql += ", ";
    first = false;
    sql += "(" + province + ", " + id + ", " + p.Add(step) + ", " + p.Add(due_at) + ", " + region +
           ")";
  }
  sql += " ON CONFLICT (case_id, step, province) DO UPDATE SET due_at = EXCLUDED.due_at";
  return conn_->Defer(sql, p);  // pg_conn.h: sent with the next statement
}

Result<Page<DueItemRow>> PgCaseStore::DuePage(Instant now, Instant until, const DueQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
  }
  Params p;
  std::string sql =
      "SELECT d.case_id, d.step, d.due_at, d.region, c.child_id, c.lead_agency, "
      "c.assigned_worker, c.stage, c.risk FROM case_deadlines d JOIN cases c ON c.id = d.case_id "
      "AND c.province = d.province WHERE d.due_at <= " +
      p.Add(until.ms);
  if (query.within) {
    auto [lo, hi] = RegionSubtreeRange(*query.within);
    sql += " AND d.province = " + p.Add(ProvinceKey(query.within));
    sql += " AND d.region BETWEEN " + p.Add(lo) + " AND " + p.Add(hi);
  }
  if (!query.cursor.empty()) {
    ATENSI_ASSIGN_OR_RETURN(DueCursor c, ParseDueCursor(query.cursor));
    const std::string due = p.Add(c.due_at);
    const std::string id = p.Add(std::string_view(c.case_id));
    sql += " AND (d.due_at, d.case_id, d.step) > (" + due + "::bigint, " + id + "::text, " +
           p.Add(c.step) + "::smallint)";
  }
  sql += " ORDER BY d.due_at, d.case_id, d.step LIMIT " +
         p.Add(static_cast<std::int64_t>(query.page_size) + 1);
  ATENSI_ASSIGN_OR_RETURN(Rows q, conn_->Query(sql, p));
  DuePageBuilder page(now, query.page_size);
  for (int r = 0; r < q.size(); ++r) {
    ATENSI_ASSIGN_OR_RETURN(
        bool more, page.Add(DueRowValues{q.Text(r, 0), q.Int64(r, 1), q.Int64(r, 2), q.Int64(r, 3),
                                         q.Text(r, 4), q.Text(r, 5), q.Text(r, 6), q.Int64(r, 7),
                                         q.Int64(r, 8)}));
    if (!more) break;
  }
  return page.Finish();
}

Result<bool> PgCaseStore::DeadlinesNeedRebuild() {
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query("SELECT 1 FROM store_rebuilds WHERE name = 'case_deadlines'"));
  return !q.empty();
}

Status PgCaseStore::RebuildDeadlines(
    const std::function<std::vector<DueItem>(const Case&)>& pending_of) {
  if (!conn_->InTransaction()) {
    return Internal("store.not_in_transaction", "deadlines are rebuilt inside a transaction");
  }
  ATENSI_RETURN_IF_ERROR(conn_->Run("DELETE FROM case_deadlines").status());
  ATENSI_ASSIGN_OR_RETURN(
      Rows q, conn_->Query(std::string("SELECT id, region, next_due_at, ") + kDocColumns +
                           " FROM cases WHERE next_due_at IS NOT NULL ORDER BY id"));
  for (int r = 0; r < q.size(); ++r) {
    const std::string id = q.Text(r, 0);
    ATENSI_ASSIGN_OR_RETURN(std::string doc, crypto_.OpenDoc("cases", id, q, r, 3));
    ATENSI_ASSIGN_OR_RETURN(Case c, CaseFromDoc(doc));
    CaseIndex index;
    index.region = RegionOfColumn(q.Int64(r, 1));
    index.pending = pending_of(c);
    std::optional<std::int64_t> next;
    for (const DueItem& item : index.pending) {
      if (!next || item.due_at.ms < *next) next = item.due_at.ms;
    }
    ATENSI_RETURN_IF_ERROR(WriteDeadlines(id, index, /*replace=*/false));
    if (next != q.OptionalInt64(r, 2)) {
      Params p;
      const std::string sql = "UPDATE cases SET next_due_at = " + p.Add(next) +
                              " WHERE id = " + p.Add(std::string_view(id));
      ATENSI_RETURN_IF_ERROR(conn_->Run(sql, p).status());
    }
  }
  return conn_->Run("DELETE FROM store_rebuilds WHERE name = 'case_deadlines'").status();
}

}  // namespace atensi::store::pg
