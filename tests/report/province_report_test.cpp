// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/report/province_report.h"

#include <gtest/gtest.h>

#include <fstream>

namespace atensi {
namespace {

ProvinceReport Sample() {
  ProvinceReport r(RegionCode::Parse("15").value());
  r.province_name = "Jambi";
  r.generated_at = ParseInstant("2026-11-28T03:00:00Z").value();
  r.children = 50000;
  r.cases_total = 120;
  r.cases_open = 100;
  RegionCode sarolangun = RegionCode::Parse("15.03").value();
  RegionCode kota = RegionCode::Parse("15.71").value();
  r.caseload = {{sarolangun, Stage::kIntake, 40},
                {sarolangun, Stage::kAssessment, 10},
                {kota, Stage::kIntake, 50},
                {kota, Stage::kClosed, 20}};
  r.categories = {{sarolangun, "disabilitas", 5}, {kota, "kejahatan_seksual", 2}};
  AgencyReferralStats a;
  a.agency_id = "sentra.alyatama";
  a.agency_name = "Sentra Alyatama <Jambi>";
  a.by_status = {{"requested", 3}, {"accepted", 6}, {"rejected", 2}};
  a.answered = 8;
  a.accepted = 6;
  a.median_response_hours = 30.5;
  r.referrals = {a};
  r.overdue_total = 7;
  r.overdue_by_step = {{"first_contact", 7}};
  r.overdue_oldest = {{"0190f0c2-aaaa-7bbb-8ccc-000000000001", kota, "first_contact",
                       ParseInstant("2026-11-01T00:00:00Z").value(), RiskLevel::kHigh}};
  r.trend = {{"2026-10", 60, 5, 55}, {"2026-11", 60, 15, 100}};
  return r;
}

TEST(MedianTest, OddEvenEmpty) {
  EXPECT_EQ(Median({3, 1, 2}), 2.0);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_FALSE(Median({}).has_value());
}

TEST(ProvinceReportTest, AcceptanceRate) {
  AgencyReferralStats a;
  EXPECT_FALSE(a.acceptance_rate().has_value());
  a.answered = 4;
  a.accepted = 3;
  EXPECT_DOUBLE_EQ(*a.acceptance_rate(), 0.75);
}

TEST(ProvinceReportTest, JsonCarriesEverySection) {
  auto j = ReportToJson(Sample());
  EXPECT_EQ(j["province"], "15");
  EXPECT_EQ(j["caseload"].size(), 4u);
  EXPECT_EQ(j["caseload"][0]["regency_name"], "Kabupaten Sarolangun");
  EXPECT_EQ(j["referrals"][0]["acceptance_rate"], 0.75);
  EXPECT_EQ(j["overdue"]["total"], 7);
  EXPECT_EQ(j["trend"][1]["open_at_end"], 100);
}

TEST(ProvinceReportTest, TextShowsTrendCaseloadReferralsOverdue) {
  std::string t = ReportToText(Sample());
  EXPECT_NE(t.find("Jambi (15)"), std::string::npos);
  EXPECT_NE(t.find("2026-11"), std::string::npos);
  EXPECT_NE(t.find("Kabupaten Sarolangun"), std::string::npos);
  EXPECT_NE(t.find("75%"), std::string::npos);
  EXPECT_NE(t.find("Overdue: 7 items (first_contact 7)"), std::string::npos);
  EXPECT_NE(t.find("generated 2026-11-28 10:00 WIB"), std::string::npos);
}

TEST(ProvinceReportTest, HtmlIsSelfContainedEscapedAndHasCharts) {
  std::string h = ReportToHtml(Sample());
  // Kept for looking at by hand (and by the Chromium render check).
  std::ofstream(std::string(ATENSI_BINARY_DIR) + "/report_sample.html") << h;
  EXPECT_NE(h.find("id=\"chart-trend\""), std::string::npos);
  EXPECT_NE(h.find("id=\"chart-caseload\""), std::string::npos);
  EXPECT_NE(h.find("class=\"bar-stage\""), std::string::npos);
  EXPECT_NE(h.find("class=\"line-open\""), std::string::npos);
  EXPECT_NE(h.find("Sentra Alyatama &lt;Jambi&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<Jambi>"), std::string::npos);
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("http://"), std::string::npos);
  EXPECT_EQ(h.find("https://"), std::string::npos);
  EXPECT_EQ(h.find("src="), std::string::npos);
}

TEST(ProvinceReportTest, EmptyReportStillRenders) {
  ProvinceReport r(RegionCode::Parse("15").value());
  r.province_name = "Jambi";
  EXPECT_NE(ReportToHtml(r).find("</html>"), std::string::npos);
  EXPECT_NE(ReportToText(r).find("Overdue: 0 items"), std::string::npos);
}

}  // namespace
}  // namespace atensi
