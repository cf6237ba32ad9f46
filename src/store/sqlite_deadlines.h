// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The kept deadlines of schema version 4 (migrations.cpp, case_deadlines):
// one row per pending deadline of every case, (case_id, step) -> due_at and
// the case's region, written beside the case row by InsertCase/UpdateCase
// from CaseIndex::pending (computed by the Casebook with its deadline
// policy, like next_due_at). The overdue list pages over the index
// (due_at, case_id, step, region) without parsing any case document
// (docs/performance.md, workload 4). Private to the store module.

#ifndef ATENSI_SRC_STORE_SQLITE_DEADLINES_H_
#define ATENSI_SRC_STORE_SQLITE_DEADLINES_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/store/case_store.h"
#include "store/region_range.h"
#include "store/sqlite_db.h"

namespace atensi::store {

// Replaces the kept deadlines of `case_id` with `index.pending`. When
// `replace` is false the case is new and has none yet (no DELETE).
Status WriteDeadlines(Db& db, std::string_view case_id, const CaseIndex& index, bool replace);

// Re-denormalises the region of the kept deadlines of every case of a child.
Status SetDeadlinesRegion(Db& db, std::string_view child_id, std::int64_t packed_region);

// CaseStore::DuePage over the kept deadlines, joined with the case rows.
Result<Page<DueItemRow>> QueryDuePage(Db& db, Instant now, Instant until, const DueQuery& query);

// Whether store_rebuilds marks the kept deadlines as still to be built.
Result<bool> DeadlinesRebuildPending(Db& db);

// CaseStore::RebuildDeadlines: every case with next_due_at set is parsed
// with `parse_case`, its deadlines recomputed with `pending_of` and written;
// next_due_at is realigned with them; the rebuild mark is cleared.
// `parse_case` gets the case id and its stored document bytes.
Status RebuildAllDeadlines(
    Db& db,
    const std::function<Result<Case>(std::string_view, std::span<const std::uint8_t>)>& parse_case,
    const std::function<std::vector<DueItem>(const Case&)>& pending_of);

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_SQLITE_DEADLINES_H_
