// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Report aggregates for one province, by SQL over the indexed columns
// (cases.region/stage/categories/ppks/opened_at/closed_at, children.domicile,
// referrals.*): no case or child JSON document is read here.
//
// Population: every case whose child's domicile lies in the province,
// closed ones included (the caseload has a "closed" column and categories
// count the same population). Monthly trend: `opened` counts cases opened in
// the month, `closed` cases whose current closure falls in it, and
// `open_at_end` cases opened before the month's end and not closed by then.
// A case that was closed and reopened counts by its current closure only
// (earlier closures live in its event history, not in an indexed column).

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

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

  // Caseload: regency x stage.
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db.Prepare("SELECT region / 1000000, stage, count(*) FROM cases WHERE region "
                           "BETWEEN ?1 AND ?2 GROUP BY 1, 2 ORDER BY 1, 2"));
    q.Bind(1, lo).Bind(2, hi);
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      CaseloadCell cell{RegencyOf(q.Int64(0), prov), static_cast<Stage>(q.Int64(1)), U(q.Int64(2))};
      report.cases_total += cell.cases;
      if (cell.stage != Stage::kClosed) report.cases_open += cell.cases;
      report.caseload.push_back(cell);
    }
  }

  // Categories per regency: AMPK bits and PPKS bits, grouped by combination
  // and expanded here.
  {
    ATENSI_ASSIGN_OR_RETURN(
        Stmt q, db.Prepare("SELECT region / 1000000, categories, ppks, count(*) FROM cases "
                           "WHERE region BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3"));
    q.Bind(1, lo).Bind(2, hi);
    std::map<std::pair<std::int64_t, std::string>, std::uint64_t> counts;
    while (true) {
      ATENSI_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      const std::int64_t regency = q.Int64(0);
      const AmpkSet ampk = AmpkSet::FromBits(static_cast<std::uint32_t>(q.Int64(1)));
      const std::int64_t ppks = q.Int64(2);
      const std::uint64_t n = U(q.Int64(3));
      for (AmpkCategory a : AllAmpkCategories()) {
        if (ampk.Has(a)) counts[{regency, std::string(Name(a))}] += n;
      }
      for (int t = 1; t < 63; ++t) {
        if ((ppks & (std::int64_t{1} << t)) == 0) continue;
        counts[{regency, std::string(Name(static_cast<ChildPpksType>(t)))}] += n;
      }
    }
    for (const auto& [key, n] : counts) {
      report.categories.push_back(CategoryCount{RegencyOf(key.first, prov), key.second, n});
    }
  }

  // Referrals by receiving agency.
  {
    std::map<std::string, AgencyReferralStats> by_agency;
    ATENSI_ASSIGN_OR_RETURN(Stmt q, db.Prepare("SELECT r.to_agency, r.status, count(*), "
                                               "sum(r.responded_at IS NOT NULL), "
                                               "sum(r.responded_at IS NOT NULL AND r.status != 4) "
                                               "FROM referrals r JOIN cases c ON c.id = r.case_id "
                                               "WHERE c.region BETWEEN ?1 AND ?2 GROUP BY 1, 2"));
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
                           "FROM referrals r JOIN cases c ON c.id = r.case_id "
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

  // Monthly trend, oldest first, ending with the month of `now`.
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
      const Instant start = MonthStart(year, month, utc_offset_minutes);
      const int next_year = month == 12 ? year + 1 : year;
      const int next_month = month == 12 ? 1 : month + 1;
      const Instant end = MonthStart(next_year, next_month, utc_offset_minutes);
      MonthTrend m;
      char label[16];
      std::snprintf(label, sizeof label, "%04d-%02d", year, month);
      m.month = label;
      ATENSI_ASSIGN_OR_RETURN(std::int64_t opened,
                              CountOne(db,
                                       "SELECT count(*) FROM cases WHERE region BETWEEN ?1 AND "
                                       "?2 AND opened_at >= ?3 AND opened_at < ?4",
                                       lo, hi, start.ms, end.ms));
      ATENSI_ASSIGN_OR_RETURN(std::int64_t closed,
                              CountOne(db,
                                       "SELECT count(*) FROM cases WHERE region BETWEEN ?1 AND "
                                       "?2 AND closed_at >= ?3 AND closed_at < ?4",
                                       lo, hi, start.ms, end.ms));
      ATENSI_ASSIGN_OR_RETURN(std::int64_t open_end,
                              CountOne(db,
                                       "SELECT count(*) FROM cases WHERE region BETWEEN ?1 AND "
                                       "?2 AND opened_at < ?3 AND (closed_at IS NULL OR "
                                       "closed_at >= ?3)",
                                       lo, hi, end.ms));
      m.opened = U(opened);
      m.closed = U(closed);
      m.open_at_end = U(open_end);
      report.trend.push_back(std::move(m));
      year = next_year;
      month = next_month;
    }
  }
  return report;
}

}  // namespace atensi::store
