// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The provincial report: where things stand, for a coordinator.
//
// The province's goal (Jambi ATENSI audience, 1 Sep 2020 [S6]) is "a decrease
// in the number of child problems", so the report leads with the trend of open
// and new cases, then the caseload by regency/city x stage x category, the
// referrals by agency (acceptance rate, median response time), and what is
// overdue. The report holds aggregates and case ids only: no names, no NIKs,
// nothing that identifies a child (UU 27/2022; UU 35/2014 art 64).
//
// This file is pure: the store fills a ProvinceReport from its queries, and
// the renderers turn it into text, JSON or a self-contained HTML page with
// inline SVG charts (no scripts, no external assets).

#ifndef ATENSI_REPORT_PROVINCE_REPORT_H_
#define ATENSI_REPORT_PROVINCE_REPORT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "atensi/clock.h"
#include "atensi/region.h"
#include "atensi/vocabulary.h"

namespace atensi {

struct CaseloadCell {
  RegionCode regency;  // regency/city of the child's domicile
  Stage stage = Stage::kIntake;
  std::uint64_t cases = 0;
};

struct CategoryCount {
  RegionCode regency;
  std::string category;  // AMPK or PPKS name, e.g. "kekerasan_fisik_psikis"
  std::uint64_t cases = 0;
};

struct AgencyReferralStats {
  std::string agency_id;
  std::string agency_name;
  std::map<std::string, std::uint64_t> by_status;  // FHIR Task status -> count
  std::uint64_t answered = 0;  // accepted + rejected (+ later states reached via acceptance)
  std::uint64_t accepted = 0;
  std::optional<double> median_response_hours;

  [[nodiscard]] std::optional<double> acceptance_rate() const {
    if (answered == 0) return std::nullopt;
    return static_cast<double>(accepted) / static_cast<double>(answered);
  }
};

struct OverdueItem {
  std::string case_id;
  RegionCode regency;
  std::string step;  // "first_contact", "assessment_done", ...
  Instant due_at;
  RiskLevel risk = RiskLevel::kLow;
};

struct MonthTrend {
  std::string month;  // "2026-11"
  std::uint64_t opened = 0;
  std::uint64_t closed = 0;
  std::uint64_t open_at_end = 0;
};

struct ProvinceReport {
  explicit ProvinceReport(RegionCode p) : province(p) {}

  RegionCode province;
  std::string province_name;
  Instant generated_at;
  std::uint64_t children = 0;
  std::uint64_t cases_total = 0;
  std::uint64_t cases_open = 0;
  std::vector<CaseloadCell> caseload;
  std::vector<CategoryCount> categories;
  std::vector<AgencyReferralStats> referrals;
  std::uint64_t overdue_total = 0;
  std::map<std::string, std::uint64_t> overdue_by_step;
  std::vector<OverdueItem> overdue_oldest;  // the longest overdue, at most 20
  std::vector<MonthTrend> trend;            // oldest first
};

// Regency names are looked up in the official region table.
nlohmann::json ReportToJson(const ProvinceReport& report);
std::string ReportToText(const ProvinceReport& report);
// A self-contained HTML page: inline CSS and SVG, no scripts, no external
// assets, every text value HTML-escaped.
std::string ReportToHtml(const ProvinceReport& report);

// Median of `values` (copied and partially sorted); nullopt when empty.
std::optional<double> Median(std::vector<double> values);

}  // namespace atensi

#endif  // ATENSI_REPORT_PROVINCE_REPORT_H_
