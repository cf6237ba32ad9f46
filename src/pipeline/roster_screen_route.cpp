// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include <algorithm>
#include <vector>

#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/routing/agency.h"

namespace atensi {
namespace {

// The lifecycle's refusal of a second open case for a child (transition.h,
// CheckOneOpenCase).
bool IsOpenCaseExists(const Status& s) {
  return s.code() == StatusCode::kFailedPrecondition && s.reason() == "lifecycle.open_case_exists";
}

}  // namespace

Result<ScreenStats> ScreenRoster(Casebook& book, const ScreeningRuleSet& rules, const Actor& actor,
                                 const ScreenOptions& options, const ProgressFn& progress) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  if (options.lead_agency_id.empty()) {
    return InvalidArgument("screen.lead_agency", "lead_agency_id",
                           "screening needs the agency that leads the cases it opens until "
                           "routing decides (OpenCaseRequest.lead_agency_id)");
  }
  ScreenStats stats;
  ATENSI_ASSIGN_OR_RETURN(std::uint64_t total, book.RosterFactsCount());
  std::string after;
  for (;;) {
    ATENSI_ASSIGN_OR_RETURN(auto page, book.RosterFactsPage(after, options.batch_cases));
    if (page.empty()) break;
    after = page.back().first;
    // Decide outside the transaction (pure), then write the openings of this
    // page in one transaction.
    struct Opening {
      std::string child_id;
      ScreeningResult result;
    };
    std::vector<Opening> openings;
    for (const auto& [child_id, facts] : page) {
      ATENSI_ASSIGN_OR_RETURN(RosterRecord row, RosterRecordFromJson(facts));
      ScreeningResult r = rules.Screen(row, options.reference_date);
      if (!r.screened) continue;
      ++stats.children;
      if (r.matched.empty()) continue;
      ++stats.flagged;
      for (const auto* rule : r.matched) ++stats.by_rule[rule->id];
      if (r.open_case) openings.push_back({child_id, std::move(r)});
    }
    ScreenStats delta;
    ATENSI_RETURN_IF_ERROR(book.Batch([&]() -> Status {
      for (const Opening& o : openings) {
        OpenCaseRequest req;
        req.source = CaseSource::kPkhScreening;
        req.categories = o.result.ampk;
        req.ppks_types = o.result.ppks;
        req.risk = o.result.risk.value_or(RiskLevel::kLow);
        req.lead_agency_id = options.lead_agency_id;
        // OpenCase reads the child's cases itself and refuses a second open
        // case (one open case per child): that refusal is the idempotent
        // re-run (or a case opened another way), and it wrote nothing.
        Result<Case> opened = book.OpenCase(o.child_id, req, actor);
        if (!opened.ok()) {
          if (IsOpenCaseExists(opened.status())) {
            ++delta.already_open;
            continue;
          }
          return opened.status();
        }
        ++delta.cases_opened;
      }
      return Status::Ok();
    }));
    stats.cases_opened += delta.cases_opened;
    stats.already_open += delta.already_open;
    if (progress) progress(stats.children, total);
  }
  return stats;
}

Result<RouteStats> RouteOpenCases(Casebook& book, const Actor& actor, std::size_t batch_cases,
                                  const ProgressFn& progress) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  RouteStats stats;
  CaseloadQuery query;
  query.include_closed = false;
  query.page_size = static_cast<int>(std::clamp<std::size_t>(batch_cases, 1, 1000));
  // The total for progress: one counting pass over the open caseload.
  std::uint64_t total = 0;
  {
    CaseloadQuery count = query;
    for (;;) {
      ATENSI_ASSIGN_OR_RETURN(auto page, book.Caseload(count));
      total += page.items.size();
      if (page.next_cursor.empty()) break;
      count.cursor = page.next_cursor;
    }
  }
  for (;;) {
    ATENSI_ASSIGN_OR_RETURN(auto page, book.Caseload(query));
    RouteStats delta;
    ATENSI_RETURN_IF_ERROR(book.Batch([&]() -> Status {
      for (const CaseSummary& s : page.items) {
        ++delta.cases;
        if (s.stage == Stage::kReferredOut) {
          ++delta.skipped;
          continue;
        }
        ATENSI_ASSIGN_OR_RETURN(auto routed, book.RoutingOf(s.case_id));
        if (routed) {
          ++delta.skipped;  // already routed: re-running sends nothing new
          continue;
        }
        auto result = book.RouteCase(s.case_id, actor);
        if (!result.ok()) {
          // A refusal of this one case (no resolvable lead, a guard) is
          // counted and reported by the caller; storage errors abort.
          StatusCode c = result.status().code();
          if (c == StatusCode::kInvalidArgument || c == StatusCode::kFailedPrecondition ||
              c == StatusCode::kNotFound || c == StatusCode::kPermissionDenied) {
            ++delta.failed;
            continue;
          }
          return result.status();
        }
        ++delta.routed;
        delta.referrals += result->created.size();
        for (const Referral& r : result->created) {
          ++delta.by_agency[r.to_agency];
        }
      }
      return Status::Ok();
    }));
    stats.cases += delta.cases;
    stats.routed += delta.routed;
    stats.referrals += delta.referrals;
    stats.skipped += delta.skipped;
    stats.failed += delta.failed;
    for (const auto& [k, v] : delta.by_agency) stats.by_agency[k] += v;
    if (progress) progress(stats.cases, total);
    if (page.next_cursor.empty()) break;
    query.cursor = page.next_cursor;
  }
  return stats;
}

}  // namespace atensi
