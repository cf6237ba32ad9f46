// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The province report's monthly trend, computed in one index pass with a
// running sum (sqlite_report_queries.cpp), against a direct count over the
// cases: `opened` = opened in the month, `closed` = current closure in the
// month, `open_at_end` = opened before the month's end and not closed by
// then; months are local calendar months (the policy's UTC offset).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

class ReportTrendTest : public CasebookTest {
 protected:
  std::string Label(Instant t) const {
    const Date d = DateAt(t, book_->policy().utc_offset_minutes);
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", static_cast<int>(d.year()),
                  d.month().as_number());
    return label;
  }
};

TEST_F(ReportTrendTest, TrendMatchesADirectCountOverTwelveMonths) {
  // 14 cases opened every 23 days; two of three closed 17-68 days later.
  struct Step {
    std::int64_t day;
    int index;
    bool close;
  };
  std::vector<Step> steps;
  for (int i = 0; i < 14; ++i) {
    steps.push_back({23 * i, i, false});
    if (i % 3 != 0) steps.push_back({23 * i + 17 * (i % 4 + 1), i, true});
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.day < b.day; });
  const Instant t0 = clock_.Now();
  std::vector<Case> cases(14);
  std::vector<std::string> opened(14);
  std::vector<std::optional<std::string>> closed(14);
  for (const Step& s : steps) {
    clock_.Set(t0.PlusDays(s.day));
    if (!s.close) {
      cases[static_cast<std::size_t>(s.index)] =
          Open(Register("T" + std::to_string(s.index), "15.71.01.1001"));
      opened[static_cast<std::size_t>(s.index)] = Label(clock_.Now());
    } else {
      Do(cases[static_cast<std::size_t>(s.index)], cmd::Close{ClosureReason::kLostContact, ""});
      closed[static_cast<std::size_t>(s.index)] = Label(clock_.Now());
    }
  }
  const Instant now = clock_.Now().PlusDays(40);
  auto r = internal::Trusted(book_).ProvinceReportFor(*RegionCode::Parse("15"), now, 12);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->trend.size(), 12u);
  EXPECT_EQ(r->trend.back().month, Label(now));
  std::uint64_t seen_opened = 0;
  for (const MonthTrend& m : r->trend) {
    std::uint64_t want_opened = 0, want_closed = 0, want_open = 0;
    for (std::size_t i = 0; i < opened.size(); ++i) {
      if (opened[i] == m.month) ++want_opened;
      if (closed[i] == m.month) ++want_closed;
      if (opened[i] <= m.month && (!closed[i] || *closed[i] > m.month)) ++want_open;
    }
    EXPECT_EQ(m.opened, want_opened) << m.month;
    EXPECT_EQ(m.closed, want_closed) << m.month;
    EXPECT_EQ(m.open_at_end, want_open) << m.month;
    seen_opened += m.opened;
  }
  EXPECT_GT(seen_opened, 5u);  // the window really covers the schedule
  EXPECT_EQ(r->cases_total, 14u);
}

}  // namespace
}  // namespace atensi::testing
