// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Report aggregates for one province, by SQL over the indexed columns
// (cases.region/stage/categories/ppks/opened_at/closed_at, children.domicile,
// referrals.*, the kept deadlines): no case or child JSON document is read
// here. Performance (docs/performance.md, workload 4): caseload, categories
// and the monthly trend come from ONE index-only pass over the province's
// cases (index cases_report, migration 4), grouped here in C++; the trend's
// open-at-month-end counts are a running sum over the months (a case is open
// at the end of every month from the one it was opened in up to the one
// before it was closed), not one range count per month.
//
// Population: every case whose child's domicile lies in the province,
// closed ones included (the caseload has a "closed" column and categories
// count the same population). Monthly trend: `opened` counts cases opened in
// the month, `closed` cases whose current closure falls in it, and
// `open_at_end` cases opened before the month's end and not closed by then.
// A case that was closed and reopened counts by its current closure only
// (earlier closures live in its event history, not in an indexed column).
// Overdue: the kept deadlines (case_deadlines) of the province's cases whose
// due time is before `now`, as computed with the deadline policy in force
// when each case was last written.

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "atensi/lifecycle/case.h"
#include "store/sqlite_routing_tables.h"

namespace atensi::store {
namespace {

constexpr std::int64_t kRegencyDivisor = 1'000'000;  // PP KK | CC VVVV

std::pair<std::int64_t, std::int64_t> ProvinceRange(RegionCode province) {
  const auto lo = static_cast<std::int64_t>(province.AncestorAt(RegionLevel::kProvince).packed());
  return {lo, lo + 100'000'000 - 1};
}

RegionCode RegencyOf(std::int64_t packed_prefix, RegionCode province) {
  auto code = RegionCode::FromPacked(static_cast<std::uint64_t>(packed_prefix * kRegencyDivisor));
  return code ? *code : province;
}

// Local midnight of the first day of (year, month) as an instant.
Instant MonthStart(int year, int month, int utc_offset_minutes) {
  const Date first(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
  return StartOfDayUtc(first).PlusMillis(-std::int64_t{utc_offset_minutes} * 60'000);
}

Result<std::int64_t> CountOne(Db& db, const std::string& sql, std::int64_t lo, std::int64_t hi,
                              std::optional<std::int64_t> a = std::nullopt,
                              std::optional<std::int64_t> b = std::nullopt) {
  ATENSI_ASSIGN_OR_RETURN(Stmt q, db.Prepare(sql));
  q.Bind(1, lo).Bind(2, hi);
  if (a) q.Bind(3, *a);
  if (b) q.Bind(4, *b);
  ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.IsNull(0)) return std::int64_t{0};
  return q.Int64(0);
}

std::uint64_t U(std::int64_t v) { return v < 0 ? 0 : static_cast<std::uint64_t>(v); }

// Index of the first month whose end is after `t` (months.size() when none):
// the first month at whose end an instant `t` lies in the past.
std::size_t FirstEndAfter(const std::vector<std::int64_t>& ends, std::int64_t t) {
  return static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), t) - ends.begin());
}

// (regency, AMPK bits, PPKS bits) of the category grouping.
struct KindKey {
  std::int64_t regency = 0;
  std::int64_t ampk = 0;
  std::int64_t ppks = 0;
  friend bool operator==(const KindKey&, const KindKey&) = default;
};
struct KindKeyHash {
  std::size_t operator()(const KindKey& k) const noexcept {
    std::uint64_t h = static_cast<std::uint64_t>(k.regency) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<std::uint64_t>(k.ampk) + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
    h ^= static_cast<std::uint64_t>(k.ppks) + 0x94D049BB133111EBull + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

}  // namespace

Result<ProvinceReport> QueryProvinceAggregates(Db& db, RegionCode province, Instant now,
                                               int trend_months, int utc_offset_minutes) {
  if (trend_months < 0 || trend_months > 240) {
    return InvalidArgument("store.trend_months", "trend_months", "trend_months must be 0..240");
  }
  const RegionCode prov = province.AncestorAt(RegionLevel::kProvince);
  ProvinceReport report(prov);
  report.generated_at = now;
  auto [lo, hi] = ProvinceRange(prov);

  ATENSI_ASSIGN_OR_RETURN(
      std::int64_t children,
      CountOne(db, "SELECT count(*) FROM children WHERE domicile BETWEEN ?1 AND ?2", lo, hi));
  report.children = U(children);

  // The trend's months, oldest first, ending with the month of `now`:
  // labels, starts and ends (local midnight of the 1st, as instants).
  std::vector<std::string> labels;
  std::vector<std::int64_t> starts;
  std::vector<std::int64_t> ends;
  if (trend_months > 0) {
    const Date today = DateAt(now, utc_offset_minutes);
    int year = today.year();
    int month = today.month().as_number();
    for (int i = 1; i < trend_months; ++i) {
      if (--month == 0) {
        month = 12;
        --year;
      }
    }
    for (int i = 0; i < trend_months; ++i) {
      const int next_year = month == 12 ? year + 1 : year;
      const int next_month = month == 12 ? 1 : month + 1;
      char label[16];
      std::snprintf(label, sizeof label, "%04d-%02d", year, month);
      labels.emplace_back(label);
      starts.push_back(MonthStart(year, month, utc_offset_minutes).ms);
      ends.push_back(MonthStart(next_year, next_month, utc_offset_minutes).ms);
      year = next_year;
      month = next_month;
    }
  }
  const std::size_t months = ends.size();
  std::vector<std::uint64_t> opened(months, 0);
  std::vector<std::uint64_t> closed(months, 0);
  std::vector<std::int64_t> open_delta(months + 1, 0);  // running sum = open at month end

  // One index-only pass (cases_report) for caseload, categories and trend.
  // Regency prefixes of a province are prov*100 .. prov*100+99.
  const std::int64_t first_regency = lo / kRegencyDivisor;
  constexpr int kStages = 16;
  std::vector<std::uint64_t> caseload(100 * kStages, 0);
  std::unordered_map<KindKey, std::uint64_t, KindKeyHash> kinds;
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db.Prepare("SELECT region, stage, categories, ppks, opened_at, closed_at "
                           "FROM cases WHERE region BETWEEN ?1 AND ?2"));
    q.Bind(1, lo).Bind(2, hi);
    KindKey last_key{-1, -1, -1};
    std::uint64_t* last_count = nullptr;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const std::int64_t regency = q.Int64(0) / kRegencyDivisor;
      const std::int64_t stage = q.Int64(1);
      const std::int64_t r = regency - first_regency;
      if (r < 0 || r >= 100 || stage < 0 || stage >= kStages) {
        return Corruption("store.bad_column", "a case row has an out-of-range region or stage");
      }
      ++caseload[static_cast<std::size_t>(r * kStages + stage)];
      const KindKey key{regency, q.Int64(2), q.Int64(3)};
      if (last_count == nullptr || !(key == last_key)) {
        last_key = key;
        last_count = &kinds[key];
      }
      ++*last_count;
      if (months == 0) continue;
      const std::int64_t open_ms = q.Int64(4);
      const std::size_t a = FirstEndAfter(ends, open_ms);  // open at the end of months >= a
      if (a < months && open_ms >= starts[a]) ++opened[a];
      std::size_t b = months;  // ... and < b
      if (!q.IsNull(5)) {
        const std::int64_t close_ms = q.Int64(5);
        b = FirstEndAfter(ends, close_ms);
        if (b < months && close_ms >= starts[b]) ++closed[b];
      }
      if (a < b) {
        ++open_delta[a];
        --open_delta[b];
      }
    }
  }

  // Caseload: regency x stage, in that order.
  for (std::size_t r = 0; r < 100; ++r) {
    for (int stage = 0; stage < kStages; ++stage) {
      const std::uint64_t n = caseload[r * kStages + static_cast<std::size_t>(stage)];
      if (n == 0) continue;
      CaseloadCell cell{RegencyOf(first_regency + static_cast<std::int64_t>(r), prov),
                        static_cast<Stage>(stage), n};
      report.cases_total += n;
      if (cell.stage != Stage::kClosed) report.cases_open += n;
      report.caseload.push_back(cell);
    }
  }

  // Categories per regency: AMPK bits and PPKS bits, grouped by combination
  // and expanded here.
  {
    std::map<std::pair<std::int64_t, std::string>, std::uint64_t> counts;
    for (const auto& [key, n] : kinds) {
      const AmpkSet ampk = AmpkSet::FromBits(static_cast<std::uint32_t>(key.ampk));
      for (AmpkCategory a : AllAmpkCategories()) {
        if (ampk.Has(a)) counts[{key.regency, std::string(Name(a))}] += n;
      }
      for (int t = 1; t < 63; ++t) {
        if ((key.ppks & (std::int64_t{1} << t)) == 0) continue;
        counts[{key.regency, std::string(Name(static_cast<ChildPpksType>(t)))}] += n;
      }
    }
    for (const auto& [key, n] : counts) {
      report.categories.push_back(CategoryCount{RegencyOf(key.first, prov), key.second, n});
    }
  }

  // Referrals by receiving agency. Driven by the referrals (CROSS JOIN fixes
  // the loop order): probing every case of the province for referrals would
  // be one index seek per case.
  {
    std::map<std::string, AgencyReferralStats> by_agency;
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT r.to_agency, r.status, count(*), "
                                               "sum(r.responded_at IS NOT NULL), "
                                               "sum(r.responded_at IS NOT NULL AND r.status != 4) "
                                               "FROM referrals r CROSS JOIN cases c ON c.id = "
                                               "r.case_id WHERE c.region BETWEEN ?1 AND ?2 "
                                               "GROUP BY 1, 2"));
    q.Bind(1, lo).Bind(2, hi);
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      AgencyReferralStats& s = by_agency[q.Text(0)];
      s.agency_id = q.Text(0);
      s.by_status[std::string(Name(static_cast<ReferralStatus>(q.Int64(1))))] += U(q.Int64(2));
      s.answered += U(q.Int64(3));
      s.accepted += U(q.Int64(4));
    }
    ATENSI_ASSIGN_OR_RETURN(
        Stmt t, db.Prepare("SELECT r.to_agency, r.responded_at - r.requested_at "
                           "FROM referrals r CROSS JOIN cases c ON c.id = r.case_id "
                           "WHERE c.region BETWEEN ?1 AND ?2 AND r.responded_at IS NOT NULL "
                           "AND r.requested_at IS NOT NULL"));
    t.Bind(1, lo).Bind(2, hi);
    std::map<std::string, std::vector<double>> hours;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, t.Step());
      if (!row) break;
      hours[t.Text(0)].push_back(static_cast<double>(t.Int64(1)) / 3'600'000.0);
    }
    for (auto& [agency, stats] : by_agency) {
      auto it = hours.find(agency);
      if (it != hours.end()) stats.median_response_hours = Median(std::move(it->second));
      report.referrals.push_back(std::move(stats));
    }
  }

  // Monthly trend.
  std::int64_t open_running = 0;
  for (std::size_t i = 0; i < months; ++i) {
    open_running += open_delta[i];
    MonthTrend m;
    m.month = labels[i];
    m.opened = opened[i];
    m.closed = closed[i];
    m.open_at_end = U(open_running);
    report.trend.push_back(std::move(m));
  }

  // Overdue deadlines (due before `now`) from the kept deadlines: counts by
  // step, then the 20 longest overdue with their case's risk.
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db.Prepare("SELECT step, count(*) FROM case_deadlines WHERE due_at < ?3 AND "
                           "region BETWEEN ?1 AND ?2 GROUP BY step"));
    q.Bind(1, lo).Bind(2, hi).Bind(3, now.ms);
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const std::int64_t step = q.Int64(0);
      if (step < 1 || step > kDeadlineStepCount) {
        return Corruption("store.bad_deadline", "a kept deadline has an unknown step");
      }
      report.overdue_by_step[std::string(Name(static_cast<DeadlineStep>(step)))] += U(q.Int64(1));
      report.overdue_total += U(q.Int64(1));
    }
    ATENSI_ASSIGN_OR_RETURN(Stmt o,
                            db.Prepare("SELECT d.case_id, d.step, d.due_at, d.region, c.risk "
                                       "FROM case_deadlines d JOIN cases c ON c.id = d.case_id "
                                       "WHERE d.due_at < ?3 AND d.region BETWEEN ?1 AND ?2 "
                                       "ORDER BY d.due_at, d.case_id, d.step LIMIT 20"));
    o.Bind(1, lo).Bind(2, hi).Bind(3, now.ms);
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, o.Step());
      if (!row) break;
      const std::int64_t step = o.Int64(1);
      if (step < 1 || step > kDeadlineStepCount) {
        return Corruption("store.bad_deadline", "a kept deadline has an unknown step");
      }
      RegionCode regency = prov;
      auto region = RegionCode::FromPacked(static_cast<std::uint64_t>(o.Int64(3)));
      if (region && region->level() != RegionLevel::kProvince) {
        regency = region->AncestorAt(RegionLevel::kRegency);
      }
      OverdueItem item{o.Text(0), regency, std::string(Name(static_cast<DeadlineStep>(step))),
                       Instant{o.Int64(2)}, static_cast<RiskLevel>(o.Int64(4))};
      report.overdue_oldest.push_back(std::move(item));
    }
  }
  return report;
}

}  // namespace atensi::store
