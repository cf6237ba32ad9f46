// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Age-out: UU 35/2014 art 1(1) "Anak adalah seseorang yang belum berusia 18
// (delapan belas) tahun". A case open on or after the 18th birthday is
// flagged age_out; only termination, transfer to adult services or closure
// may follow. 29 February birthdays turn 18 on 1 March in common years
// (date.h). Ages use the local date (WIB by default).

#include <gtest/gtest.h>

#include "atensi/lifecycle/transition.h"
#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using testing_lifecycle::At;
using testing_lifecycle::D;
using testing_lifecycle::Harness;
using testing_lifecycle::MakeChild;
using testing_lifecycle::MakeOpenRequest;
using testing_lifecycle::Worker;

// A harness whose child turns 18 on `birthday18` (case opened 2026-01-05).
Harness Near18(Date birth) {
  Harness h;
  h.child = MakeChild(birth);
  h.now = At(2026, 1, 5);
  auto t = OpenCase(h.child, MakeOpenRequest(), Worker(), h.now, h.policy, {});
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  h.c = t->next;
  return h;
}

TEST(AgeOutTest, DayBeforeEighteenthBirthdayNoFlag_UU35_2014_Art1_1) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 3, 9);
  EXPECT_FALSE(IsAdultAt(h.child, h.now, h.policy));
  EXPECT_TRUE(CheckAgeOut(h.c, h.child, h.now, h.policy).ok());
  ASSERT_TRUE(h.Do(cmd::SetRisk{RiskLevel::kLow, "membaik"}).ok());
  EXPECT_FALSE(h.c.Has(kFlagAgeOut));
}

TEST(AgeOutTest, OnEighteenthBirthdayFlagRaisedAndWorkBlocked_UU35_2014_Art1_1) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 3, 10);
  EXPECT_TRUE(IsAdultAt(h.child, h.now, h.policy));
  Status pending = CheckAgeOut(h.c, h.child, h.now, h.policy);
  EXPECT_EQ(pending.reason(), "lifecycle.age_out_pending");
  Status s = h.Do(cmd::SetRisk{RiskLevel::kLow, ""});
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.reason(), "lifecycle.age_out_pending");
  EXPECT_NE(s.message().find("UU 35/2014 art 1(1)"), std::string::npos);
  // RefreshFlags persists the flag, and the event shows it.
  ASSERT_TRUE(h.Do(cmd::RefreshFlags{}).ok());
  EXPECT_TRUE(h.c.Has(kFlagAgeOut));
  ASSERT_TRUE(h.last.event.changes.contains("flags"));
  EXPECT_EQ(h.last.event.changes["flags"]["after"], nlohmann::json::array({"age_out"}));
}

TEST(AgeOutTest, AfterBirthdayAnyDecideWritesFlag) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 4, 1);
  ASSERT_TRUE(h.Do(cmd::AssignWorker{"worker-9"}).ok());  // allowed under age-out
  EXPECT_TRUE(h.c.Has(kFlagAgeOut));
}

TEST(AgeOutTest, LocalDateDecides) {
  Harness h = Near18(D(2008, 3, 10));
  // 2026-03-09T18:00Z is 2026-03-10 01:00 WIB: already 18 in Jambi.
  const Instant t = StartOfDayUtc(D(2026, 3, 9)).PlusHours(18);
  EXPECT_TRUE(IsAdultAt(h.child, t, h.policy));
  LifecyclePolicy utc = h.policy;
  utc.utc_offset_minutes = 0;
  EXPECT_FALSE(IsAdultAt(h.child, t, utc));
}

// 29 Feb 2008: in common year 2026 the 18th birthday is 1 March (date.h).
TEST(AgeOutTest, LeapDayBirthdayTurns18OnFirstOfMarch_UU35_2014_Art1_1) {
  Harness h = Near18(D(2008, 2, 29));
  h.now = At(2026, 2, 28);
  EXPECT_FALSE(IsAdultAt(h.child, h.now, h.policy));
  EXPECT_TRUE(h.Do(cmd::SetRisk{RiskLevel::kHigh, ""}).ok());
  h.now = At(2026, 3, 1);
  EXPECT_TRUE(IsAdultAt(h.child, h.now, h.policy));
  EXPECT_EQ(h.Do(cmd::SetRisk{RiskLevel::kLow, ""}).reason(), "lifecycle.age_out_pending");
}

TEST(AgeOutTest, ResolvedByTermination) {
  Harness h = Near18(D(2008, 3, 10));
  ASSERT_TRUE(h.Consent().ok());
  ASSERT_TRUE(h.Do(cmd::StartAssessment{}).ok());
  h.now = At(2026, 3, 12);
  // Terminate needs an evaluation; evaluation is allowed under age-out.
  EXPECT_EQ(h.Do(cmd::Terminate{""}).reason(), "lifecycle.evaluation_required");
  ASSERT_TRUE(h.Evaluate().ok());
  ASSERT_TRUE(h.Do(cmd::Terminate{"usia 18"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kTermination);
  EXPECT_FALSE(h.c.Has(kFlagAgeOut));
  EXPECT_TRUE(h.c.Has(kFlagAgeOutResolved));
  // Aftercare may follow and the flag is not raised again.
  ASSERT_TRUE(h.Do(cmd::StartAftercare{}).ok());
  h.Advance(30);
  ASSERT_TRUE(h.Do(cmd::RecordFollowup{h.NewId(), "kunjungan"}).ok());
  EXPECT_FALSE(h.c.Has(kFlagAgeOut));
}

TEST(AgeOutTest, ResolvedByTransferToAdultServices) {
  Harness h = Near18(D(2008, 3, 10));
  ASSERT_TRUE(h.Consent().ok());
  h.now = At(2026, 3, 10);
  // Another referral reason is refused: only the transfer to adult services remains.
  Status other = h.Do(cmd::ReferOut{"balai-x", ReferralReason::kSpecialistService, ""});
  EXPECT_EQ(other.reason(), "lifecycle.age_out_pending");
  ASSERT_TRUE(h.Do(cmd::ResolveAgeOut{cmd::AgeOutResolution::kTransferToAdultServices,
                                      "dinsos-dewasa", "usia 18"})
                  .ok());
  EXPECT_EQ(h.c.stage, Stage::kReferredOut);
  EXPECT_EQ(h.c.referral->reason, ReferralReason::kAdultServices);
  EXPECT_TRUE(h.c.Has(kFlagAgeOutResolved));
  EXPECT_EQ(h.last.event.action, "resolve_age_out");
  ASSERT_TRUE(h.Do(cmd::Close{ClosureReason::kTransferredToAdultServices, ""}).ok());
  EXPECT_EQ(h.c.stage, Stage::kClosed);
}

TEST(AgeOutTest, ResolveByTerminateUsesTerminationGuard) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 3, 10);
  EXPECT_EQ(h.Do(cmd::ResolveAgeOut{cmd::AgeOutResolution::kTerminate, "", ""}).reason(),
            "lifecycle.evaluation_required");
  ASSERT_TRUE(h.Evaluate().ok());
  ASSERT_TRUE(h.Do(cmd::ResolveAgeOut{cmd::AgeOutResolution::kTerminate, "", ""}).ok());
  EXPECT_EQ(h.c.stage, Stage::kTermination);
}

TEST(AgeOutTest, ClosureResolvesAndReopenRefusedForAdult_UU35_2014_Art1_1) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 3, 11);
  ASSERT_TRUE(h.Do(cmd::Close{ClosureReason::kTransferredToAdultServices, ""}).ok());
  EXPECT_FALSE(h.c.Has(kFlagAgeOut));
  Status s = h.Do(cmd::Reopen{"laporan baru"});
  EXPECT_EQ(s.reason(), "lifecycle.not_a_child");
}

TEST(AgeOutTest, OpenCaseRefusedOnEighteenthBirthday_UU35_2014_Art1_1) {
  const Child child = MakeChild(D(2008, 3, 10));
  LifecyclePolicy policy;
  EXPECT_TRUE(OpenCase(child, MakeOpenRequest(), Worker(), At(2026, 3, 9), policy, {}).ok());
  auto r = OpenCase(child, MakeOpenRequest(), Worker(), At(2026, 3, 10), policy, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "lifecycle.not_a_child");
}

TEST(AgeOutTest, CorrectedBirthDateLiftsTheFlag) {
  Harness h = Near18(D(2008, 3, 10));
  h.now = At(2026, 3, 20);
  ASSERT_TRUE(h.Do(cmd::RefreshFlags{}).ok());
  ASSERT_TRUE(h.c.Has(kFlagAgeOut));
  h.child.birth_date = D(2009, 3, 10);  // the akta shows the NIK-derived date was wrong
  ASSERT_TRUE(h.Do(cmd::RefreshFlags{}).ok());
  EXPECT_FALSE(h.c.Has(kFlagAgeOut));
  EXPECT_TRUE(h.Do(cmd::SetRisk{RiskLevel::kLow, ""}).ok());
}

TEST(AgeOutTest, TerminatedCaseNotFlagged) {
  Harness h = Near18(D(2008, 3, 10));
  Case c = h.c;
  c.stage = Stage::kAftercare;
  EXPECT_EQ(EffectiveFlags(c, h.child, At(2026, 5, 1), h.policy) & kFlagAgeOut, 0u);
  c.stage = Stage::kReferredOut;
  EXPECT_NE(EffectiveFlags(c, h.child, At(2026, 5, 1), h.policy) & kFlagAgeOut, 0u);
}

}  // namespace
}  // namespace atensi
