// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The paged due list (Casebook::DuePage) over the deadlines kept beside each
// case (schema version 4): the same items as Due() for every window and
// region, in (due time, case id, step) order across keyset pages, kept in
// step with every mutation, and rebuilt on open for a file migrated without
// them. Deadlines are the DeadlinePolicy defaults (configuration, not law;
// lifecycle/deadline.h): first contact 24 h / 3 d / 7 d, assessment
// 3 d / 14 d / 30 d for high / medium / low risk.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
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

using Key = std::tuple<std::int64_t, std::string, int>;  // due_at, case id, step

Key KeyOf(const DueItemRow& r) {
  return {r.item.due_at.ms, r.case_id, static_cast<int>(r.item.step)};
}

class DuePageTest : public CasebookTest {
 protected:
  void Populate() {
    t0_ = clock_.Now();
    high_ = Open(Register("H", "15.71.01.1001"), Request(RiskLevel::kHigh));
    high2_ = Open(Register("I", "15.71.02.1002"), Request(RiskLevel::kHigh));
    medium_ = Open(Register("M", "15.01.01.1004"), Request(RiskLevel::kMedium));
    low_ = Open(Register("L", "31.71.01.1001"), Request(RiskLevel::kLow));
    unknown_ = Open(Register("U", ""), Request(RiskLevel::kMedium));
  }

  // Every page of DuePage, with page size `size`; checks the page order and
  // the cursor protocol on the way.
  std::vector<DueItemRow> AllPages(Instant now, Duration window, std::optional<RegionCode> within,
                                   int size) {
    std::vector<DueItemRow> out;
    DueQuery q;
    q.within = within;
    q.page_size = size;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = internal::Trusted(book_).DuePage(now, window, q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      EXPECT_LE(page->items.size(), static_cast<std::size_t>(size));
      out.insert(out.end(), page->items.begin(), page->items.end());
      if (page->next_cursor.empty()) break;
      EXPECT_EQ(page->items.size(), static_cast<std::size_t>(size));
      q.cursor = page->next_cursor;
    }
    for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(KeyOf(out[i - 1]), KeyOf(out[i]));
    return out;
  }

  // DuePage (any page size) lists exactly Due's items with the same fields.
  void ExpectSameAsDue(Instant now, Duration window, std::optional<RegionCode> within) {
    auto due = internal::Trusted(book_).Due(now, window, within);
    ASSERT_TRUE(due.ok()) << due.status().ToString();
    std::vector<DueItemRow> expected = *due;
    std::sort(expected.begin(), expected.end(),
              [](const DueItemRow& a, const DueItemRow& b) { return KeyOf(a) < KeyOf(b); });
    for (int size : {1, 2, 50}) {
      std::vector<DueItemRow> got = AllPages(now, window, within, size);
      ASSERT_EQ(got.size(), expected.size()) << "page size " << size;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(KeyOf(got[i]), KeyOf(expected[i]));
        EXPECT_EQ(got[i].item, expected[i].item);  // step, due_at, overdue
        EXPECT_EQ(got[i].child_id, expected[i].child_id);
        EXPECT_EQ(got[i].region, expected[i].region);
        EXPECT_EQ(got[i].lead_agency_id, expected[i].lead_agency_id);
        EXPECT_EQ(got[i].assigned_worker_id, expected[i].assigned_worker_id);
        EXPECT_EQ(got[i].stage, expected[i].stage);
        EXPECT_EQ(got[i].risk, expected[i].risk);
      }
    }
  }

  void ExpectSameAsDueEverywhere(Instant now) {
    for (Duration window : {Duration{0}, Duration::Days(2), Duration::Days(40)}) {
      ExpectSameAsDue(now, window, std::nullopt);
      ExpectSameAsDue(now, window, R("15"));
      ExpectSameAsDue(now, window, R("15.71"));
      ExpectSameAsDue(now, window, R("15.71.02"));
      ExpectSameAsDue(now, window, R("15.71.01.1001"));
      ExpectSameAsDue(now, window, R("32"));
    }
  }

  Instant t0_;
  Case high_, high2_, medium_, low_, unknown_;
};

TEST_F(DuePageTest, PagesListExactlyTheItemsOfDue) {
  Populate();
  for (int days : {0, 2, 5, 20}) ExpectSameAsDueEverywhere(t0_.PlusDays(days));
  // The high-risk first contact (24 h, product default) is overdue at +2 d.
  auto page = internal::Trusted(book_).DuePage(t0_.PlusDays(2), Duration{0},
                                               DueQuery{R("15.71.01"), 50, ""});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].case_id, high_.id);
  EXPECT_EQ(page->items[0].item.step, DeadlineStep::kFirstContact);
  EXPECT_EQ(page->items[0].item.due_at, t0_.PlusHours(24));
  EXPECT_TRUE(page->items[0].item.overdue);
  EXPECT_TRUE(page->next_cursor.empty());
}

TEST_F(DuePageTest, KeptDeadlinesFollowEveryMutation) {
  Populate();
  const Instant now = t0_.PlusDays(2);
  clock_.Set(now);
  // Contact made: first contact is no longer pending (deadline.h).
  high_ = Do(high_, cmd::RecordContact{"visit"});
  ExpectSameAsDueEverywhere(now.PlusDays(1));
  // Closed cases have no deadlines.
  medium_ = Do(medium_, cmd::Close{ClosureReason::kLostContact, ""});
  ExpectSameAsDueEverywhere(now.PlusDays(1));
  EXPECT_TRUE(internal::Trusted(book_)
                  .DuePage(now, Duration::Days(60), DueQuery{R("15.01"), 50, ""})
                  ->items.empty());
  // The child moves: its case's deadlines move with it.
  Child moved = *internal::Trusted(book_).GetChild(high2_.child_id);
  moved.domicile_region = "31.71.01.1001";
  ASSERT_TRUE(book_->UpdateChild(moved, Worker(), "moved to Jakarta").ok());
  ExpectSameAsDueEverywhere(now.PlusDays(1));
  auto jakarta = AllPages(now, Duration::Days(60), R("31.71"), 50);
  EXPECT_TRUE(std::any_of(jakarta.begin(), jakarta.end(),
                          [&](const DueItemRow& r) { return r.case_id == high2_.id; }));
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

TEST_F(DuePageTest, FileWithoutKeptDeadlinesIsRebuiltOnOpen) {
  Populate();
  const Instant now = t0_.PlusDays(3);
  auto before = AllPages(now, Duration::Days(40), std::nullopt, 50);
  ASSERT_FALSE(before.empty());
  // What migration 4 leaves in a schema-3 file: no kept deadlines, a mark.
  book_.reset();
  Sql("DELETE FROM case_deadlines; INSERT INTO store_rebuilds (name) VALUES ('case_deadlines');");
  Reopen();
  EXPECT_EQ(Sql("SELECT count(*) FROM store_rebuilds;"), "0\n");
  auto after = AllPages(now, Duration::Days(40), std::nullopt, 50);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(KeyOf(after[i]), KeyOf(before[i]));
  ExpectSameAsDueEverywhere(now);
}

TEST_F(DuePageTest, BadArgumentsNameTheirField) {
  Populate();
  DueQuery q;
  q.page_size = 0;
  EXPECT_EQ(internal::Trusted(book_).DuePage(t0_, Duration{0}, q).status().reason(),
            "store.page_size");
  q.page_size = 1001;
  EXPECT_EQ(internal::Trusted(book_).DuePage(t0_, Duration{0}, q).status().reason(),
            "store.page_size");
  q.page_size = 10;
  EXPECT_EQ(internal::Trusted(book_).DuePage(t0_, Duration{-1}, q).status().reason(),
            "store.window");
  for (const char* bad : {"garbage", "1/2", "x/1/abc", "5/y/abc", "/1/abc", "5/1/"}) {
    q.cursor = bad;
    auto r = internal::Trusted(book_).DuePage(t0_, Duration{0}, q);
    EXPECT_EQ(r.status().reason(), "store.cursor") << bad;
    EXPECT_EQ(r.status().field(), "cursor");
  }
}

}  // namespace
}  // namespace atensi::testing
