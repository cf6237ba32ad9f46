// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The paged due list of the kept deadlines (CaseStore::DuePage), the part
// both storage backends share: the keyset cursor "<due_at ms>/<step>/<case
// id>" (order (due_at, case id, step)) and the page built from the selected
// rows. Each backend only writes its SELECT (sqlite_deadlines.cpp,
// pg/pg_deadlines.cpp). The deadline rules live in the lifecycle core.

#ifndef ATENSI_SRC_STORE_DUE_PAGE_H_
#define ATENSI_SRC_STORE_DUE_PAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "atensi/clock.h"
#include "atensi/region.h"
#include "atensi/status.h"
#include "atensi/store/case_store.h"

namespace atensi::store {

// The region of a packed region column (0 or less: unknown).
std::optional<RegionCode> RegionOfColumn(std::int64_t packed);

// The position after which the next page starts.
struct DueCursor {
  std::int64_t due_at = 0;
  std::int64_t step = 0;
  std::string case_id;
};

// InvalidArgument "store.cursor" (field "cursor") when malformed.
Result<DueCursor> ParseDueCursor(std::string_view cursor);
std::string MakeDueCursor(std::int64_t due_at, std::int64_t step, std::string_view case_id);

// One selected row: case_id, step, due_at, region, child_id, lead_agency,
// assigned_worker, stage, risk (the column order of both SELECTs).
struct DueRowValues {
  std::string case_id;
  std::int64_t step = 0;
  std::int64_t due_at = 0;
  std::int64_t region = 0;
  std::string child_id;
  std::string lead_agency_id;
  std::string assigned_worker_id;
  std::int64_t stage = 0;
  std::int64_t risk = 0;
};

// Builds a page from rows selected in order with LIMIT page_size + 1 (the
// extra row only says there is a next page).
class DuePageBuilder {
 public:
  DuePageBuilder(Instant now, int page_size) : now_(now), page_size_(page_size) {}

  // Adds a row; false when the page is full (stop reading; the cursor is
  // set). Corruption "store.bad_deadline" for an unknown step.
  Result<bool> Add(DueRowValues v);
  Page<DueItemRow> Finish() { return std::move(page_); }

 private:
  Instant now_;
  int page_size_;
  std::int64_t last_step_ = 0;
  Page<DueItemRow> page_;
};

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_DUE_PAGE_H_
