// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include <algorithm>
#include <vector>

#include "atensi/pipeline/roster_pipeline.h"
#include "atensi/routing/agency.h"
#include "store/trusted_reads.h"  // system processing: screening and routing every open case

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
  ATENSI_ASSIGN_OR_RETURN(std::uint64_t total, internal::Trusted(book).RosterFactsCount());
  std::string after;
  for (;;) {
    ATENSI_ASSIGN_OR_RETURN(auto page,
                            internal::Trusted(book).RosterFactsPage(after, options.batch_cases));
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
  query.page_size = 1000;  // read pages; the transactions hold `batch_cases` each
  // The total for progress: one counting pass over the open caseload.
  std::uint64_t total = 0;
  {
    CaseloadQuery count = query;
    for (;;) {
      ATENSI_ASSIGN_OR_RETURN(auto page, internal::Trusted(book).Caseload(count));
      total += page.items.size();
      if (page.next_cursor.empty()) break;
      count.cursor = page.next_cursor;
    }
  }
  // The open caseload comes in (region, id) order; routing writes to each
  // case's rows and event chain, which are keyed by case id. Routing a
  // bounded chunk at a time in id order keeps consecutive writes on
  // neighbouring b-tree pages instead of one random page per case (fewer
  // pages dirtied, journaled and written at commit; docs/performance.md,
  // workload 1). Routing does not move a case in (region, id) order, so the
  // caseload cursor stays valid; memory is bounded by the chunk.
  const std::size_t per_txn = std::max<std::size_t>(batch_cases, 1);
  const std::size_t chunk_cases = std::max<std::size_t>(per_txn * 50, 10'000);
  bool more = true;
  std::vector<CaseSummary> chunk;
  while (more) {
    chunk.clear();
    while (more && chunk.size() < chunk_cases) {
      ATENSI_ASSIGN_OR_RETURN(auto page, internal::Trusted(book).Caseload(query));
      for (CaseSummary& s : page.items) chunk.push_back(std::move(s));
      more = !page.next_cursor.empty();
      query.cursor = std::move(page.next_cursor);
    }
    std::sort(chunk.begin(), chunk.end(),
              [](const CaseSummary& a, const CaseSummary& b) { return a.case_id < b.case_id; });
    for (std::size_t from = 0; from < chunk.size(); from += per_txn) {
      const std::size_t to = std::min(chunk.size(), from + per_txn);
      RouteStats delta;
      ATENSI_RETURN_IF_ERROR(book.Batch([&]() -> Status {
        for (std::size_t i = from; i < to; ++i) {
          const CaseSummary& s = chunk[i];
          ++delta.cases;
          if (s.stage == Stage::kReferredOut) {
            ++delta.skipped;
            continue;
          }
          ATENSI_ASSIGN_OR_RETURN(auto routed, internal::Trusted(book).RoutingOf(s.case_id));
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
    }
  }
  return stats;
}

}  // namespace atensi
