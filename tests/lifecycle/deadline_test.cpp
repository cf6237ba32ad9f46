// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Deadlines. The default table is configuration, not law (deadline.h); the
// high-risk 3-day assessment default follows the Probolinggo UPTD PPA local
// standard of 3 working days [S29]. Day arithmetic crosses month ends and
// 29 February like the calendar does.

#include "atensi/lifecycle/deadline.h"

#include <gtest/gtest.h>

#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using testing_lifecycle::At;
using testing_lifecycle::D;
using testing_lifecycle::Harness;

Instant T(int y, int m, int d, int h, int min = 0) {
  return StartOfDayUtc(D(y, m, d)).PlusHours(h).PlusMillis(min * 60'000LL);
}

Case OpenedAt(Instant t, RiskLevel risk, Stage stage = Stage::kIntake) {
  Case c;
  c.opened_at = t;
  c.risk = risk;
  c.stage = stage;
  return c;
}

const DueItem* Find(const std::vector<DueItem>& items, DeadlineStep step) {
  for (const DueItem& i : items) {
    if (i.step == step) return &i;
  }
  return nullptr;
}

constexpr Duration kYear = Duration::Days(365);

TEST(DeadlinePolicyTest, DocumentedDefaults) {
  const DeadlinePolicy p = DeadlinePolicy::Defaults();
  EXPECT_EQ(p.Get(RiskLevel::kHigh, DeadlineStep::kFirstContact), Duration::Hours(24));
  // Probolinggo UPTD PPA: follow-up within 3 working days (local standard).
  EXPECT_EQ(p.Get(RiskLevel::kHigh, DeadlineStep::kAssessmentDone), Duration::Days(3));
  EXPECT_EQ(p.Get(RiskLevel::kHigh, DeadlineStep::kPlanApproved), Duration::Days(14));
  EXPECT_EQ(p.Get(RiskLevel::kHigh, DeadlineStep::kFollowupInterval), Duration::Days(30));
  for (DeadlineStep s : {DeadlineStep::kFirstContact, DeadlineStep::kAssessmentDone,
                         DeadlineStep::kPlanApproved, DeadlineStep::kFollowupInterval}) {
    EXPECT_LE(p.Get(RiskLevel::kHigh, s), p.Get(RiskLevel::kMedium, s)) << Name(s);
    EXPECT_LE(p.Get(RiskLevel::kMedium, s), p.Get(RiskLevel::kLow, s)) << Name(s);
  }
}

TEST(DeadlinePolicyTest, ConfigurableAndValidated) {
  DeadlinePolicy p = DeadlinePolicy::Defaults();
  ASSERT_TRUE(p.Set(RiskLevel::kLow, DeadlineStep::kFirstContact, Duration::Hours(48)).ok());
  EXPECT_EQ(p.Get(RiskLevel::kLow, DeadlineStep::kFirstContact), Duration::Hours(48));
  EXPECT_EQ(p.Set(RiskLevel::kLow, DeadlineStep::kFirstContact, Duration{0}).reason(),
            "deadline.duration");
  EXPECT_EQ(p.Set(RiskLevel::kLow, DeadlineStep::kFirstContact, Duration::Days(400)).reason(),
            "deadline.duration");
  EXPECT_FALSE(p == DeadlinePolicy::Defaults());
}

TEST(DeadlineStepTest, NamesRoundTrip) {
  for (DeadlineStep s : {DeadlineStep::kFirstContact, DeadlineStep::kAssessmentDone,
                         DeadlineStep::kPlanApproved, DeadlineStep::kFollowupInterval}) {
    EXPECT_EQ(ParseDeadlineStep(Name(s)), s);
  }
  EXPECT_FALSE(ParseDeadlineStep("tomorrow").has_value());
}

TEST(DueItemsTest, LeapDayHighRisk) {
  // Opened 28 Feb 2028 10:00Z (leap year): first contact due 29 Feb, assessment 2 Mar.
  const Case c = OpenedAt(T(2028, 2, 28, 10), RiskLevel::kHigh, Stage::kEmergency);
  auto items = DueItems(c, T(2028, 2, 28, 11), kYear, DeadlinePolicy::Defaults());
  ASSERT_NE(Find(items, DeadlineStep::kFirstContact), nullptr);
  EXPECT_EQ(Find(items, DeadlineStep::kFirstContact)->due_at, T(2028, 2, 29, 10));
  EXPECT_EQ(Find(items, DeadlineStep::kAssessmentDone)->due_at, T(2028, 3, 2, 10));
  // Same in a common year: 3 days after 28 Feb is 3 Mar.
  const Case common = OpenedAt(T(2027, 2, 28, 10), RiskLevel::kHigh, Stage::kEmergency);
  auto items2 = DueItems(common, T(2027, 2, 28, 11), kYear, DeadlinePolicy::Defaults());
  EXPECT_EQ(Find(items2, DeadlineStep::kAssessmentDone)->due_at, T(2027, 3, 3, 10));
}

TEST(DueItemsTest, MonthEndLowRisk) {
  // 31 Jan + 30 days = 2 Mar (2026) / 1 Mar (2028, leap).
  const Case c = OpenedAt(T(2026, 1, 31, 3), RiskLevel::kLow);
  auto items = DueItems(c, T(2026, 1, 31, 4), kYear, DeadlinePolicy::Defaults());
  EXPECT_EQ(Find(items, DeadlineStep::kAssessmentDone)->due_at, T(2026, 3, 2, 3));
  const Case leap = OpenedAt(T(2028, 1, 31, 3), RiskLevel::kLow);
  auto items2 = DueItems(leap, T(2028, 1, 31, 4), kYear, DeadlinePolicy::Defaults());
  EXPECT_EQ(Find(items2, DeadlineStep::kAssessmentDone)->due_at, T(2028, 3, 1, 3));
  // Medium: 31 Dec + 14 days crosses the year.
  const Case newyear = OpenedAt(T(2026, 12, 31, 23), RiskLevel::kMedium);
  auto items3 = DueItems(newyear, T(2026, 12, 31, 23), kYear, DeadlinePolicy::Defaults());
  EXPECT_EQ(Find(items3, DeadlineStep::kAssessmentDone)->due_at, T(2027, 1, 14, 23));
}

TEST(DueItemsTest, OverdueOnlyAfterTheDueInstant) {
  const Case c = OpenedAt(T(2026, 5, 1, 8), RiskLevel::kHigh, Stage::kEmergency);
  const Instant due = T(2026, 5, 2, 8);
  auto at_due = DueItems(c, due, Duration{0}, DeadlinePolicy::Defaults());
  ASSERT_NE(Find(at_due, DeadlineStep::kFirstContact), nullptr);
  EXPECT_FALSE(Find(at_due, DeadlineStep::kFirstContact)->overdue);
  auto after = DueItems(c, due.PlusMillis(1), Duration{0}, DeadlinePolicy::Defaults());
  EXPECT_TRUE(Find(after, DeadlineStep::kFirstContact)->overdue);
}

TEST(DueItemsTest, DueSoonWindow) {
  const Case c = OpenedAt(T(2026, 5, 1, 8), RiskLevel::kLow);  // first contact due 8 May
  EXPECT_EQ(Find(DueItems(c, T(2026, 5, 2, 8), Duration::Days(5), DeadlinePolicy::Defaults()),
                 DeadlineStep::kFirstContact),
            nullptr);
  auto items = DueItems(c, T(2026, 5, 2, 8), Duration::Days(6), DeadlinePolicy::Defaults());
  ASSERT_NE(Find(items, DeadlineStep::kFirstContact), nullptr);
  EXPECT_FALSE(Find(items, DeadlineStep::kFirstContact)->overdue);
  // Sorted by due_at.
  auto all = DueItems(c, T(2026, 5, 2, 8), kYear, DeadlinePolicy::Defaults());
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].due_at, all[i].due_at);
}

TEST(DueItemsTest, StepsFollowTheCase) {
  Harness h;  // medium risk, opened 2026-03-02 05:00Z
  auto items = DueItems(h.c, h.now, kYear, h.policy.deadlines);
  EXPECT_NE(Find(items, DeadlineStep::kFirstContact), nullptr);
  EXPECT_NE(Find(items, DeadlineStep::kAssessmentDone), nullptr);
  ASSERT_TRUE(h.Do(cmd::RecordContact{""}).ok());
  items = DueItems(h.c, h.now, kYear, h.policy.deadlines);
  EXPECT_EQ(Find(items, DeadlineStep::kFirstContact), nullptr);

  ASSERT_TRUE(h.ToPlanning().ok());
  items = DueItems(h.c, h.now, kYear, h.policy.deadlines);
  EXPECT_EQ(Find(items, DeadlineStep::kAssessmentDone), nullptr);
  ASSERT_NE(Find(items, DeadlineStep::kPlanApproved), nullptr);
  EXPECT_EQ(Find(items, DeadlineStep::kPlanApproved)->due_at,
            *h.c.assessment_completed_at + Duration::Days(30));

  Harness h2;
  ASSERT_TRUE(h2.ToIntervention().ok());
  h2.Advance(20);
  ASSERT_TRUE(h2.Do(cmd::RecordService{h2.NewId(), h2.item_id, ""}).ok());
  items = DueItems(h2.c, h2.now, kYear, h2.policy.deadlines);
  ASSERT_NE(Find(items, DeadlineStep::kFollowupInterval), nullptr);
  EXPECT_EQ(Find(items, DeadlineStep::kFollowupInterval)->due_at, h2.now + Duration::Days(60));
  EXPECT_EQ(Find(items, DeadlineStep::kPlanApproved), nullptr);
  h2.now = h2.now + Duration::Days(61);
  items = DueItems(h2.c, h2.now, Duration{0}, h2.policy.deadlines);
  ASSERT_NE(Find(items, DeadlineStep::kFollowupInterval), nullptr);
  EXPECT_TRUE(Find(items, DeadlineStep::kFollowupInterval)->overdue);
}

TEST(DueItemsTest, ClosedAndReferredCasesHaveNoDeadlines) {
  Case c = OpenedAt(T(2026, 1, 1, 0), RiskLevel::kHigh, Stage::kClosed);
  EXPECT_TRUE(DueItems(c, T(2026, 6, 1, 0), kYear, DeadlinePolicy::Defaults()).empty());
  c.stage = Stage::kReferredOut;
  EXPECT_TRUE(DueItems(c, T(2026, 6, 1, 0), kYear, DeadlinePolicy::Defaults()).empty());
}

TEST(DueItemsTest, ReopenRestartsEpisodeDeadlines) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::RecordContact{""}).ok());
  ASSERT_TRUE(h.Do(cmd::Close{ClosureReason::kLostContact, ""}).ok());
  h.Advance(100);
  ASSERT_TRUE(h.Do(cmd::Reopen{"ditemukan kembali"}).ok());
  auto items = DueItems(h.c, h.now, kYear, h.policy.deadlines);
  ASSERT_NE(Find(items, DeadlineStep::kFirstContact), nullptr);
  EXPECT_EQ(Find(items, DeadlineStep::kFirstContact)->due_at, h.now + Duration::Days(3));
}

}  // namespace
}  // namespace atensi
