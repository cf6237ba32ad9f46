// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// PgCaseStore::ProvinceAggregates: the province report's aggregates by SQL
// over the indexed columns, with the population, month boundaries and
// counting rules of store/sqlite_report_queries.cpp (read that essay). Every
// query names the province partition key, so a national store reads only
// the reporting province's partitions. The overdue section reads the kept
// deadlines (pg_deadlines.cpp), as SQLite's reads its case_deadlines.

#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "atensi/lifecycle/case.h"
#include "store/pg/pg_case_store.h"
#include "store/pg/pg_schema.h"

namespace atensi::store::pg {
namespace {

constexpr std::int64_t kRegencyDivisor = 1'000'000;  // PP KK | CC VVVV

RegionCode RegencyOf(std::int64_t packed_prefix, RegionCode province) {
  auto code = RegionCode::FromPacked(static_cast<std::uint64_t>(packed_prefix * kRegencyDivisor));
  return code ? *code : province;
}

Instant MonthStart(int year, int month, int utc_offset_minutes) {
  const Date first(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
  return StartOfDayUtc(first).PlusMillis(-std::int64_t{utc_offset_minutes} * 60'000);
}

std::uint64_t U(std::int64_t v) { return v < 0 ? 0 : static_cast<std::uint64_t>(v); }

}  // namespace

Result<ProvinceReport> PgCaseStore::ProvinceAggregates(RegionCode province, Instant now,
                                                       int trend_months, int utc_offset_minutes) {
  if (trend_months < 0 || trend_months > 240) {
    return InvalidArgument("store.trend_months", "trend_months", "trend_months must be 0..240");
  }
  const RegionCode prov = province.AncestorAt(RegionLevel::kProvince);
  ProvinceReport report(prov);
  report.generated_at = now;
  const std::int64_t key = ProvinceKey(prov);
  const auto lo = static_cast<std::int64_t>(prov.packed());
  const std::int64_t hi = lo + 100'000'000 - 1;
  // "province = $1 AND <col> BETWEEN $2 AND $3" with the three values added.
  auto scope = [&](Params& p, const std::string& col, const std::string& alias = "") {
    const std::string a = alias.empty() ? "" : alias + ".";
    std::string s = a + "province = " + p.Add(key);
    s += " AND " + a + col + " BETWEEN " + p.Add(lo);
    s += " AND " + p.Add(hi);
    return s;
  };

  {
    Params p;
    ATENSI_ASSIGN_OR_RETURN(
        Rows q, conn_->Query("SELECT count(*) FROM children WHERE " + scope(p, "domicile"), p));
    report.children = U(q.Int64(0, 0));
  }

  // Caseload: regency x stage.
  {
    Params p;
    ATENSI_ASSIGN_OR_RETURN(
        Rows q, conn_->Query("SELECT region / 1000000, stage, count(*) FROM cases WHERE " +
                                 scope(p, "region") + " GROUP BY 1, 2 ORDER BY 1, 2",
                             p));
    for (int r = 0; r < q.size(); ++r) {
      CaseloadCell cell{RegencyOf(q.Int64(r, 0), prov), static_cast<Stage>(q.Int64(r, 1)),
                        U(q.Int64(r, 2))};
      report.cases_total += cell.cases;
      if (cell.stage != Stage::kClosed) report.cases_open += cell.cases;
      report.caseload.push_back(cell);
    }
  }

  // Categories per regency: AMPK bits and PPKS bits, grouped by combination
  // and expanded here.
  {
    Params p;
    ATENSI_ASSIGN_OR_RETURN(
        Rows q, conn_->Query("SELECT region / 1000000, categories, ppks, count(*) FROM cases "
                             "WHERE " +
                                 scope(p, "region") + " GROUP BY 1, 2, 3",
                             p));
    std::map<std::pair<std::int64_t, std::string>, std::uint64_t> counts;
    for (int r = 0; r < q.size(); ++r) {
      const std::int64_t regency = q.Int64(r, 0);
      const AmpkSet ampk = AmpkSet::FromBits(static_cast<std::uint32_t>(q.Int64(r, 1)));
      const std::int64_t ppks = q.Int64(r, 2);
      const std::uint64_t n = U(q.Int64(r, 3));
      for (AmpkCategory a : AllAmpkCategories()) {
        if (ampk.Has(a)) counts[{regency, std::string(Name(a))}] += n;
      }
      for (int t = 1; t < 63; ++t) {
        if ((ppks & (std::int64_t{1} << t)) == 0) continue;
        counts[{regency, std::string(Name(static_cast<ChildPpksType>(t)))}] += n;
      }
    }
    for (const auto& [k, n] : counts) {
      report.categories.push_back(CategoryCount{RegencyOf(k.first, prov), k.second, n});
    }
  }

  // Referrals by receiving agency.
  {
    std::map<std::string, AgencyReferralStats> by_agency;
    Params p;
    ATENSI_ASSIGN_OR_RETURN(
        Rows q, conn_->Query("SELECT r.to_agency, r.status, count(*), count(*) FILTER (WHERE "
                             "r.responded_at IS NOT NULL), count(*) FILTER (WHERE r.responded_at "
                             "IS NOT NULL AND r.status != 4) FROM referrals r JOIN cases c ON "
                             "c.id = r.case_id WHERE " +
                                 scope(p, "region", "c") + " GROUP BY 1, 2",
                             p));
    for (int r = 0; r < q.size(); ++r) {
      AgencyReferralStats& s = by_agency[q.Text(r, 0)];
      s.agency_id = q.Text(r, 0);
      s.by_status[std::string(Name(static_cast<ReferralStatus>(q.Int64(r, 1))))] +=
          U(q.Int64(r, 2));
      s.answered += U(q.Int64(r, 3));
      s.accepted += U(q.Int64(r, 4));
    }
    Params pt;
    ATENSI_ASSIGN_OR_RETURN(
        Rows t, conn_->Query("SELECT r.to_agency, r.responded_at - r.requested_at FROM referrals "
                             "r JOIN cases c ON c.id = r.case_id WHERE " +
                                 scope(pt, "region", "c") +
                                 " AND r.responded_at IS NOT NULL AND r.requested_at IS NOT NULL",
                             pt));
    std::map<std::string, std::vector<double>> hours;
    for (int r = 0; r < t.size(); ++r) {
      hours[t.Text(r, 0)].push_back(static_cast<double>(t.Int64(r, 1)) / 3'600'000.0);
    }
    for (auto& [agency, stats] : by_agency) {
      auto it = hours.find(agency);
      if (it != hours.end()) stats.median_response_hours = Median(std::move(it->second));
      report.referrals.push_back(std::move(stats));
    }
  }

  // Monthly trend, oldest first, ending with the month of `now`: ONE scan of
  // the province's cases, each month's three counts as FILTERed aggregates
  // of the same pass (was one scan per month).
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
    Params p;
    std::string select;
    for (int i = 0; i < trend_months; ++i) {
      const Instant start = MonthStart(year, month, utc_offset_minutes);
      const int next_year = month == 12 ? year + 1 : year;
      const int next_month = month == 12 ? 1 : month + 1;
      const Instant end = MonthStart(next_year, next_month, utc_offset_minutes);
      MonthTrend m;
      char label[16];
      std::snprintf(label, sizeof label, "%04d-%02d", year, month);
      m.month = label;
      report.trend.push_back(std::move(m));
      const std::string s = p.Add(start.ms);
      const std::string e = p.Add(end.ms);
      if (!select.empty()) select += ", ";
      select += "count(*) FILTER (WHERE opened_at >= " + s + " AND opened_at < " + e +
                "), count(*) FILTER (WHERE closed_at >= " + s + " AND closed_at < " + e +
                "), count(*) FILTER (WHERE opened_at < " + e +
                " AND (closed_at IS NULL OR closed_at >= " + e + "))";
      year = next_year;
      month = next_month;
    }
    const std::string where = scope(p, "region");
    ATENSI_ASSIGN_OR_RETURN(Rows q,
                            conn_->Query("SELECT " + select + " FROM cases WHERE " + where, p));
    for (int i = 0; i < trend_months; ++i) {
      MonthTrend& m = report.trend[static_cast<std::size_t>(i)];
      m.opened = U(q.Int64(0, 3 * i));
      m.closed = U(q.Int64(0, 3 * i + 1));
      m.open_at_end = U(q.Int64(0, 3 * i + 2));
    }
  }

  // Overdue deadlines (due before `now`) from the kept deadlines
  // (pg_deadlines.cpp): counts by step, then the 20 longest overdue with
  // their case's risk.
  {
    Params p;
    const std::string where = scope(p, "region");
    ATENSI_ASSIGN_OR_RETURN(
        Rows q, conn_->Query("SELECT step, count(*) FROM case_deadlines WHERE " + where +
                                 " AND due_at < " + p.Add(now.ms) + " GROUP BY step",
                             p));
    for (int r = 0; r < q.size(); ++r) {
      const std::int64_t step = q.Int64(r, 0);
      if (step < 1 || step > kDeadlineStepCount) {
        return Corruption("store.bad_deadline", "a kept deadline has an unknown step");
      }
      report.overdue_by_step[std::string(Name(static_cast<DeadlineStep>(step)))] +=
          U(q.Int64(r, 1));
      report.overdue_total += U(q.Int64(r, 1));
    }
  }
  {
    Params p;
    const std::string where = scope(p, "region", "d");
    ATENSI_ASSIGN_OR_RETURN(
        Rows o, conn_->Query("SELECT d.case_id, d.step, d.due_at, d.region, c.risk FROM "
                             "case_deadlines d JOIN cases c ON c.id = d.case_id AND c.province = "
                             "d.province WHERE " +
                                 where + " AND d.due_at < " + p.Add(now.ms) +
                                 " ORDER BY d.due_at, d.case_id, d.step LIMIT 20",
                             p));
    for (int r = 0; r < o.size(); ++r) {
      const std::int64_t step = o.Int64(r, 1);
      if (step < 1 || step > kDeadlineStepCount) {
        return Corruption("store.bad_deadline", "a kept deadline has an unknown step");
      }
      RegionCode regency = prov;
      auto region = RegionCode::FromPacked(static_cast<std::uint64_t>(o.Int64(r, 3)));
      if (region && region->level() != RegionLevel::kProvince) {
        regency = region->AncestorAt(RegionLevel::kRegency);
      }
      OverdueItem item{o.Text(r, 0), regency, std::string(Name(static_cast<DeadlineStep>(step))),
                       Instant{o.Int64(r, 2)}, static_cast<RiskLevel>(o.Int64(r, 4))};
      report.overdue_oldest.push_back(std::move(item));
    }
  }
  return report;
}

}  // namespace atensi::store::pg
