// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The due list's cursor and page (due_page.h), shared by both backends.

#include "store/due_page.h"

#include <charconv>
#include <utility>

#include "atensi/lifecycle/deadline.h"

namespace atensi::store {

std::optional<RegionCode> RegionOfColumn(std::int64_t packed) {
  if (packed <= 0) return std::nullopt;
  return RegionCode::FromPacked(static_cast<std::uint64_t>(packed));
}

std::string MakeDueCursor(std::int64_t due_at, std::int64_t step, std::string_view case_id) {
  return std::to_string(due_at) + "/" + std::to_string(step) + "/" + std::string(case_id);
}

Result<DueCursor> ParseDueCursor(std::string_view cursor) {
  auto bad = [] {
    return InvalidArgument("store.cursor", "cursor", "the page cursor is malformed");
  };
  const std::size_t a = cursor.find('/');
  if (a == std::string_view::npos || a == 0) return bad();
  const std::size_t b = cursor.find('/', a + 1);
  if (b == std::string_view::npos || b == a + 1 || b + 1 >= cursor.size()) return bad();
  DueCursor out;
  auto [p1, e1] = std::from_chars(cursor.data(), cursor.data() + a, out.due_at);
  if (e1 != std::errc() || p1 != cursor.data() + a) return bad();
  auto [p2, e2] = std::from_chars(cursor.data() + a + 1, cursor.data() + b, out.step);
  if (e2 != std::errc() || p2 != cursor.data() + b) return bad();
  out.case_id = std::string(cursor.substr(b + 1));
  return out;
}

Result<bool> DuePageBuilder::Add(DueRowValues v) {
  if (static_cast<int>(page_.items.size()) == page_size_) {
    const DueItemRow& last = page_.items.back();
    page_.next_cursor = MakeDueCursor(last.item.due_at.ms, last_step_, last.case_id);
    return false;
  }
  if (v.step < 1 || v.step > kDeadlineStepCount) {
    return Corruption("store.bad_deadline", "a kept deadline has an unknown step");
  }
  last_step_ = v.step;
  DueItemRow r;
  r.case_id = std::move(v.case_id);
  r.item.step = static_cast<DeadlineStep>(v.step);
  r.item.due_at = Instant{v.due_at};
  r.item.overdue = now_ > r.item.due_at;
  r.region = RegionOfColumn(v.region);
  r.child_id = std::move(v.child_id);
  r.lead_agency_id = std::move(v.lead_agency_id);
  r.assigned_worker_id = std::move(v.assigned_worker_id);
  r.stage = static_cast<Stage>(v.stage);
  r.risk = static_cast<RiskLevel>(v.risk);
  page_.items.push_back(std::move(r));
  return true;
}

}  // namespace atensi::store
