// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Kept deadlines (sqlite_deadlines.h). The deadline rules themselves
// (DeadlinePolicy, DueItems: which steps are pending, their anchors and
// durations) live in the lifecycle core; this file only stores what the
// Casebook computed and pages over it.

#include "store/sqlite_deadlines.h"

#include "store/due_page.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace atensi::store {
namespace {

Status InsertDeadlines(Db& db, std::string_view case_id, std::int64_t region,
                       const std::vector<DueItem>& pending) {
  for (const DueItem& item : pending) {
    // A fresh lease per row: a finished statement is reset when its lease ends.
    ATENSI_ASSIGN_OR_RETURN(
        Stmt ins, db.Prepare("INSERT OR REPLACE INTO case_deadlines (case_id, step, due_at, "
                             "region) VALUES (?1, ?2, ?3, ?4)"));
    ins.Bind(1, case_id)
        .Bind(2, static_cast<std::int64_t>(item.step))
        .Bind(3, item.due_at.ms)
        .Bind(4, region);
    ATENSI_RETURN_IF_ERROR(ins.Run());
  }
  return Status();
}

}  // namespace

Status WriteDeadlines(Db& db, std::string_view case_id, const CaseIndex& index, bool replace) {
  const std::int64_t region =
      index.region ? static_cast<std::int64_t>(index.region->packed()) : std::int64_t{0};
  if (replace) {
    // Most updates (a lead change, a note) leave the deadlines as they are,
    // and a stage change replaces one or two of them: compare first and
    // write only the rows that differ, so an unchanged set costs one read
    // and a changed one touches only its own entries in the two b-trees
    // (docs/performance.md, workloads 1 and 3). The rows left are exactly
    // those a delete-all and re-insert would leave (last item per step).
    std::map<std::int64_t, std::int64_t> stored;  // step -> due_at
    bool same_region = true;
    {
      ATENSI_ASSIGN_OR_RETURN(
          Stmt q, db.Prepare("SELECT step, due_at, region FROM case_deadlines WHERE case_id = ?1 "
                             "ORDER BY step"));
      q.Bind(1, case_id);
      while (true) {
        ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        stored.emplace(q.Int64(0), q.Int64(1));
        same_region = same_region && q.Int64(2) == region;
      }
    }
    if (same_region) {
      std::map<std::int64_t, std::int64_t> wanted;  // step -> due_at, last wins
      for (const DueItem& item : index.pending) {
        wanted.insert_or_assign(static_cast<std::int64_t>(item.step), item.due_at.ms);
      }
      for (const auto& [step, due_at] : stored) {
        if (wanted.count(step) != 0) continue;
        ATENSI_ASSIGN_OR_RETURN(
            Stmt del, db.Prepare("DELETE FROM case_deadlines WHERE case_id = ?1 AND step = ?2"));
        del.Bind(1, case_id).Bind(2, step);
        ATENSI_RETURN_IF_ERROR(del.Run());
      }
      std::vector<DueItem> changed;
      for (const auto& [step, due_at] : wanted) {
        auto it = stored.find(step);
        if (it != stored.end() && it->second == due_at) continue;
        DueItem item;
        item.step = static_cast<DeadlineStep>(step);
        item.due_at = Instant{due_at};
        changed.push_back(item);
      }
      return InsertDeadlines(db, case_id, region, changed);
    }
    ATENSI_ASSIGN_OR_RETURN(Stmt del, db.Prepare("DELETE FROM case_deadlines WHERE case_id = ?1"));
    del.Bind(1, case_id);
    ATENSI_RETURN_IF_ERROR(del.Run());
  }
  return InsertDeadlines(db, case_id, region, index.pending);
}

Status SetDeadlinesRegion(Db& db, std::string_view child_id, std::int64_t packed_region) {
  ATENSI_ASSIGN_OR_RETURN(Stmt q,
                          db.Prepare("UPDATE case_deadlines SET region = ?2 WHERE case_id IN "
                                     "(SELECT id FROM cases WHERE child_id = ?1)"));
  q.Bind(1, child_id).Bind(2, packed_region);
  return q.Run();
}

Result<Page<DueItemRow>> QueryDuePage(Db& db, Instant now, Instant until, const DueQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return InvalidArgument("store.page_size", "page_size", "page_size must be 1..1000");
  }
  // Walks case_deadlines_due in (due_at, case_id, step) order, testing the
  // region in the index entry; only the page's own case rows are fetched.
  std::string sql =
      "SELECT d.case_id, d.step, d.due_at, d.region, c.child_id, c.lead_agency, "
      "c.assigned_worker, c.stage, c.risk FROM case_deadlines d JOIN cases c ON c.id = d.case_id "
      "WHERE d.due_at <= ?1";
  if (query.within) sql += " AND d.region BETWEEN ?2 AND ?3";
  if (!query.cursor.empty()) sql += " AND (d.due_at, d.case_id, d.step) > (?4, ?5, ?6)";
  sql += " ORDER BY d.due_at, d.case_id, d.step LIMIT ?7";
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db.Prepare(sql));
  q.Bind(1, until.ms);
  if (query.within) {
    auto [lo, hi] = RegionSubtreeRange(*query.within);
    q.Bind(2, lo).Bind(3, hi);
  }
  if (!query.cursor.empty()) {
    ATENSI_ASSIGN_OR_RETURN(DueCursor c, ParseDueCursor(query.cursor));
    q.Bind(4, c.due_at).Bind(5, std::string_view(c.case_id)).Bind(6, c.step);
  }
  q.Bind(7, static_cast<std::int64_t>(query.page_size) + 1);  // one extra: is there more?
  DuePageBuilder page(now, query.page_size);
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(
        bool more, page.Add(DueRowValues{q.Text(0), q.Int64(1), q.Int64(2), q.Int64(3), q.Text(4),
                                         q.Text(5), q.Text(6), q.Int64(7), q.Int64(8)}));
    if (!more) break;
  }
  return page.Finish();
}

Result<bool> DeadlinesRebuildPending(Db& db) {
  ATENSI_ASSIGN_OR_RETURN(Stmt q,
                          db.Prepare("SELECT 1 FROM store_rebuilds WHERE name = 'case_deadlines'"));
  return q.Step();
}

Status RebuildAllDeadlines(
    Db& db,
    const std::function<Result<Case>(std::string_view, std::span<const std::uint8_t>)>& parse_case,
    const std::function<std::vector<DueItem>(const Case&)>& pending_of) {
  if (!db.InTransaction()) {
    return Internal("store.not_in_transaction", "deadlines are rebuilt inside a transaction");
  }
  ATENSI_RETURN_IF_ERROR(db.Exec("DELETE FROM case_deadlines"));
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT id, region, next_due_at, doc FROM cases "
                                             "WHERE next_due_at IS NOT NULL ORDER BY id"));
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> realign;
  while (true) {
    ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ATENSI_ASSIGN_OR_RETURN(Case c, parse_case(q.TextView(0), q.BlobView(3)));
    std::vector<DueItem> pending = pending_of(c);
    std::optional<std::int64_t> next;
    for (const DueItem& item : pending) {
      if (!next || item.due_at.ms < *next) next = item.due_at.ms;
    }
    ATENSI_RETURN_IF_ERROR(InsertDeadlines(db, q.TextView(0), q.Int64(1), pending));
    // Applied after the scan: the scan must not see its own table change.
    if (next != q.OptionalInt64(2)) realign.emplace_back(q.Text(0), next);
  }
  for (const auto& [id, next] : realign) {
    ATENSI_ASSIGN_OR_RETURN(Stmt upd,
                            db.Prepare("UPDATE cases SET next_due_at = ?2 WHERE id = ?1"));
    upd.Bind(1, std::string_view(id)).Bind(2, next);
    ATENSI_RETURN_IF_ERROR(upd.Run());
  }
  return db.Exec("DELETE FROM store_rebuilds WHERE name = 'case_deadlines'");
}

}  // namespace atensi::store
