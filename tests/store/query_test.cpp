// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Caseload (region subtree, filters, keyset paging) and due/overdue queries.
// Region codes are Kemendagri codes (Permendagri 137/2017 packing): a subtree
// at any level is one packed-code range.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

RegionCode R(std::string_view text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

class QueryTest : public CasebookTest {
 protected:
  void Populate() {
    kota_a_ = Open(Register("A", "15.71.01.1001"),
                   Request(RiskLevel::kMedium, AmpkSet{AmpkCategory::kAbh}));
    kota_b_ = Open(Register("B", "15.71.01.1002"),
                   Request(RiskLevel::kHigh, AmpkSet{AmpkCategory::kKekerasanFisikPsikis}));
    kota_c_child_ = Register("C", "15.71.02.1002");
    kota_c_ = Open(kota_c_child_, Request(RiskLevel::kLow, AmpkSet{AmpkCategory::kAbh}));
    kerinci_ = Open(Register("D", "15.01.01.1004"), Request(RiskLevel::kMedium));
    jakarta_ = Open(Register("E", "31.71.01.1001"),
                    Request(RiskLevel::kMedium, AmpkSet{AmpkCategory::kAbh}));
    unknown_ = Open(Register("F", ""), Request(RiskLevel::kMedium));
  }

  std::set<std::string> Ids(CaseloadQuery q) {
    q.page_size = 1000;
    auto page = internal::Trusted(book_).Caseload(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::set<std::string> out;
    if (page.ok()) {
      for (const CaseSummary& s : page->items) out.insert(s.case_id);
      EXPECT_TRUE(page->next_cursor.empty());
    }
    return out;
  }

  static CaseloadQuery Within(std::optional<RegionCode> r) {
    CaseloadQuery q;
    q.within = r;
    return q;
  }

  Case kota_a_, kota_b_, kota_c_, kerinci_, jakarta_, unknown_;
  Child kota_c_child_;
};

TEST_F(QueryTest, CaseloadBySubtreeAtEveryLevel) {
  Populate();
  using S = std::set<std::string>;
  EXPECT_EQ(Ids(Within(R("15"))), (S{kota_a_.id, kota_b_.id, kota_c_.id, kerinci_.id}));
  EXPECT_EQ(Ids(Within(R("15.71"))), (S{kota_a_.id, kota_b_.id, kota_c_.id}));
  EXPECT_EQ(Ids(Within(R("15.71.01"))), (S{kota_a_.id, kota_b_.id}));
  EXPECT_EQ(Ids(Within(R("15.71.01.1001"))), (S{kota_a_.id}));
  EXPECT_EQ(Ids(Within(R("31"))), (S{jakarta_.id}));
  EXPECT_EQ(Ids(Within(R("32"))), S{});
  // Nationwide includes the case whose child has no known domicile.
  EXPECT_EQ(Ids(Within(std::nullopt)).size(), 6u);
  EXPECT_TRUE(Ids(Within(std::nullopt)).contains(unknown_.id));
}

TEST_F(QueryTest, CaseloadFilters) {
  Populate();
  using S = std::set<std::string>;
  CaseloadQuery q = Within(R("15"));
  q.risk = RiskLevel::kHigh;
  EXPECT_EQ(Ids(q), (S{kota_b_.id}));
  q = Within(R("15"));
  q.stage = Stage::kEmergency;  // high risk opens in emergency (UPTD PPA SOP)
  EXPECT_EQ(Ids(q), (S{kota_b_.id}));
  q = Within(R("15"));
  q.category = AmpkCategory::kAbh;  // UU 35/2014 art 59(2)b
  EXPECT_EQ(Ids(q), (S{kota_a_.id, kota_c_.id}));
  q.risk = RiskLevel::kLow;
  EXPECT_EQ(Ids(q), (S{kota_c_.id}));

  Do(kerinci_, cmd::Close{ClosureReason::kLostContact, ""});
  q = Within(R("15"));
  q.include_closed = false;
  EXPECT_EQ(Ids(q), (S{kota_a_.id, kota_b_.id, kota_c_.id}));
  q.include_closed = true;
  q.stage = Stage::kClosed;
  EXPECT_EQ(Ids(q), (S{kerinci_.id}));

  // The summary carries the indexed columns.
  q = Within(R("15.71.01.1001"));
  auto page = internal::Trusted(book_).Caseload(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  const CaseSummary& s = page->items[0];
  EXPECT_EQ(s.child_id, kota_a_.child_id);
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.stage, Stage::kIntake);
  EXPECT_EQ(s.risk, RiskLevel::kMedium);
  EXPECT_TRUE(s.categories.Has(AmpkCategory::kAbh));
  ASSERT_TRUE(s.region.has_value());
  EXPECT_EQ(s.region->dotted(), "15.71.01.1001");
  EXPECT_EQ(s.lead_agency_id, "dinsos-1571");
  EXPECT_EQ(s.opened_at, kota_a_.opened_at);
  ASSERT_TRUE(s.next_due_at.has_value());  // first contact, medium risk: 3 days (policy default)
  EXPECT_EQ(*s.next_due_at, kota_a_.opened_at.PlusDays(3));
}

TEST_F(QueryTest, CaseloadKeysetPaging) {
  Populate();
  std::vector<std::string> seen;
  CaseloadQuery q = Within(std::nullopt);
  q.page_size = 2;
  int pages = 0;
  while (true) {
    auto page = internal::Trusted(book_).Caseload(q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    EXPECT_LE(page->items.size(), 2u);
    for (const CaseSummary& s : page->items) seen.push_back(s.case_id);
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 6u);  // no duplicates
  EXPECT_EQ(seen.front(), unknown_.id);  // unknown region (0) sorts first
  EXPECT_EQ(seen.back(), jakarta_.id);   // province 31 sorts last

  q.cursor = "garbage";
  EXPECT_EQ(internal::Trusted(book_).Caseload(q).status().reason(), "store.cursor");
  q.cursor.clear();
  q.page_size = 0;
  EXPECT_EQ(internal::Trusted(book_).Caseload(q).status().reason(), "store.page_size");
}

TEST_F(QueryTest, MovingTheChildMovesItsCases) {
  Populate();
  Child moved = kota_c_child_;
  moved.domicile_region = "31.71.01.1001";
  ASSERT_TRUE(book_->UpdateChild(moved, Worker(), "moved to Jakarta").ok());
  EXPECT_FALSE(Ids(Within(R("15"))).contains(kota_c_.id));
  EXPECT_TRUE(Ids(Within(R("31.71"))).contains(kota_c_.id));
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

std::set<std::pair<std::string, DeadlineStep>> Items(const std::vector<DueItemRow>& rows) {
  std::set<std::pair<std::string, DeadlineStep>> out;
  for (const DueItemRow& r : rows) out.emplace(r.case_id, r.item.step);
  return out;
}

// Deadlines are the DeadlinePolicy defaults (configuration, not law):
// first contact 24 h / 3 d / 7 d, assessment 3 d / 14 d / 30 d for high /
// medium / low risk.
TEST_F(QueryTest, DueAndOverdue) {
  const Instant t0 = clock_.Now();
  Case high = Open(Register("H", "15.71.01.1001"), Request(RiskLevel::kHigh));
  Case medium = Open(Register("M", "15.01.01.1004"), Request(RiskLevel::kMedium));
  Case low = Open(Register("L", "31.71.01.1001"), Request(RiskLevel::kLow));
  using S = std::set<std::pair<std::string, DeadlineStep>>;

  const Instant now = t0.PlusDays(2);
  auto overdue = internal::Trusted(book_).Due(now, Duration{0});
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(Items(*overdue), (S{{high.id, DeadlineStep::kFirstContact}}));
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_TRUE((*overdue)[0].item.overdue);
  EXPECT_EQ((*overdue)[0].item.due_at, t0.PlusHours(24));
  EXPECT_EQ((*overdue)[0].risk, RiskLevel::kHigh);
  ASSERT_TRUE((*overdue)[0].region.has_value());
  EXPECT_EQ((*overdue)[0].region->dotted(), "15.71.01.1001");

  auto soon = internal::Trusted(book_).Due(now, Duration::Days(2));
  ASSERT_TRUE(soon.ok());
  EXPECT_EQ(Items(*soon), (S{{high.id, DeadlineStep::kFirstContact},
                             {high.id, DeadlineStep::kAssessmentDone},
                             {medium.id, DeadlineStep::kFirstContact}}));
  for (std::size_t i = 1; i < soon->size(); ++i) {
    EXPECT_LE((*soon)[i - 1].item.due_at, (*soon)[i].item.due_at);
  }
  auto in_kerinci = internal::Trusted(book_).Due(now, Duration::Days(2), R("15.01"));
  ASSERT_TRUE(in_kerinci.ok());
  EXPECT_EQ(Items(*in_kerinci), (S{{medium.id, DeadlineStep::kFirstContact}}));
  auto all_week = internal::Trusted(book_).Due(now, Duration::Days(6));
  EXPECT_TRUE(Items(*all_week).contains({low.id, DeadlineStep::kFirstContact}));

  // Contact made: the first-contact deadline is no longer pending.
  clock_.Set(now);
  high = Do(high, cmd::RecordContact{"visit"});
  overdue = internal::Trusted(book_).Due(now.PlusMillis(1000), Duration{0});
  ASSERT_TRUE(overdue.ok());
  EXPECT_TRUE(overdue->empty());
  soon = internal::Trusted(book_).Due(now, Duration::Days(2), R("15.71"));
  EXPECT_EQ(Items(*soon), (S{{high.id, DeadlineStep::kAssessmentDone}}));

  // Closed cases have no deadlines.
  Do(medium, cmd::Close{ClosureReason::kLostContact, ""});
  EXPECT_TRUE(internal::Trusted(book_).Due(now, Duration::Days(30), R("15.01"))->empty());
}

}  // namespace
}  // namespace atensi::testing
