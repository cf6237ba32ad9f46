// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The action table (atensi.md §4.3; OpenCRVS stage+flags pattern, peers.md
// §3.4). Two kinds of test:
//   - generated: for every stage x flag set x action, Decide refuses exactly
//     the combinations the table refuses (with action_not_allowed or
//     age_out_pending) and lets every allowed one through to its guards;
//   - hand-written: the expected action sets for key (stage, flags) pairs, so
//     the table itself is checked against the intended state machine.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

#include "atensi/lifecycle/action.h"
#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using testing_lifecycle::At;
using testing_lifecycle::Harness;
using testing_lifecycle::Worker;
using A = Action;

template <std::size_t... I>
Command DefaultCommandImpl(std::size_t index, std::index_sequence<I...>) {
  Command out;
  ((index == I ? (out = Command(std::in_place_index<I>), 0) : 0), ...);
  return out;
}

// A default-constructed command of `a` (payload empty: guards may refuse it).
Command DefaultCommand(Action a) {
  return DefaultCommandImpl(static_cast<std::size_t>(a) - 1,
                            std::make_index_sequence<std::variant_size_v<Command>>{});
}

std::set<Action> Allowed(Stage s, std::uint32_t flags) {
  auto v = AllowedActions(s, flags);
  return {v.begin(), v.end()};
}

TEST(ActionTableTest, DefaultCommandMatchesAction) {
  for (Action a : AllActions()) EXPECT_EQ(ActionOf(DefaultCommand(a)), a) << Name(a);
}

TEST(ActionTableTest, NamesRoundTrip) {
  EXPECT_EQ(AllActions().size(), static_cast<std::size_t>(kActionCount));
  for (Action a : AllActions()) {
    ASSERT_NE(Name(a), "unknown");
    EXPECT_EQ(ParseAction(Name(a)), a);
  }
  EXPECT_FALSE(ParseAction("approve_everything").has_value());
}

TEST(ActionTableTest, EveryActionHasARow) {
  for (Action a : AllActions()) {
    bool found = std::any_of(ActionTable().begin(), ActionTable().end(),
                             [a](const ActionRule& r) { return r.action == a; });
    EXPECT_TRUE(found) << Name(a);
  }
}

// Generated from the table: Decide agrees with IsAllowed for every
// stage x {no flag, age_out, residential, both} x action.
TEST(ActionTableTest, DecideFollowsTableForEveryRowAndEveryRefusal) {
  const std::uint32_t flag_sets[] = {0, kFlagAgeOut, kFlagResidential,
                                     kFlagAgeOut | kFlagResidential};
  Harness h;
  // age_out is derived in open stages: pair the flag with a child who is 18.
  Child adult = h.child;
  adult.birth_date = testing_lifecycle::D(2000, 1, 1);
  int allowed_checked = 0;
  int refused_checked = 0;
  for (Stage s : AllStages()) {
    for (std::uint32_t flags : flag_sets) {
      Case c = h.c;
      c.stage = s;
      c.flags = flags;
      for (Action a : AllActions()) {
        const Child& child = (flags & kFlagAgeOut) != 0 ? adult : h.child;
        auto r = Decide(c, child, DefaultCommand(a), Worker(), h.now, h.policy, c.version);
        const std::string where = std::string(Name(s)) + " flags=" + std::to_string(flags) +
                                  " action=" + std::string(Name(a));
        const bool table_allows = IsAllowed(s, flags, a);
        const bool refused_by_table =
            !r.ok() && (r.status().reason() == "lifecycle.action_not_allowed" ||
                        r.status().reason() == "lifecycle.age_out_pending");
        if (table_allows) {
          ++allowed_checked;
          // The guard of refer_out under age-out also uses age_out_pending;
          // it names the field "reason", the table refusal names "birth_date".
          const bool table_refusal_field = refused_by_table && r.status().field() != "reason";
          EXPECT_FALSE(table_refusal_field) << where << ": " << r.status().ToString();
        } else {
          ++refused_checked;
          ASSERT_FALSE(r.ok()) << where;
          EXPECT_TRUE(refused_by_table) << where << ": " << r.status().ToString();
          EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << where;
          if (r.status().reason() == "lifecycle.action_not_allowed") {
            // The message names stage and action.
            EXPECT_NE(r.status().message().find(std::string(Name(s))), std::string::npos);
            EXPECT_NE(r.status().message().find(std::string(Name(a))), std::string::npos);
          }
        }
      }
    }
  }
  EXPECT_GT(allowed_checked, 100);
  EXPECT_GT(refused_checked, 500);
}

TEST(ActionTableTest, EveryExpandedRowIsAllowedByIsAllowed) {
  for (const ActionRule& r : ActionTable()) {
    EXPECT_TRUE(IsAllowed(r.stage, r.required_flags, r.action)) << Name(r.action);
    EXPECT_EQ(r.required_flags & r.forbidden_flags, 0u) << Name(r.action);
  }
}

// Hand-written expectations (atensi.md §4.3).
TEST(ActionTableTest, IntakeExpectedActions) {
  EXPECT_EQ(Allowed(Stage::kIntake, 0),
            (std::set<Action>{A::kRecordContact, A::kRecordConsent, A::kWithdrawConsent,
                              A::kRecordLegalBasis, A::kStartAssessment, A::kClose, A::kReferOut,
                              A::kSetRisk, A::kAddCategory, A::kRemoveCategory, A::kAssignWorker,
                              A::kSetLeadAgency, A::kLinkCase, A::kRefreshFlags}));
}

TEST(ActionTableTest, EmergencyAllowsProtectionStepsButNotPlanning) {
  // UPTD PPA SOP: emergency protection comes before assessment.
  auto s = Allowed(Stage::kEmergency, 0);
  EXPECT_TRUE(s.count(A::kRecordLegalBasis));
  EXPECT_TRUE(s.count(A::kStartAssessment));
  EXPECT_FALSE(s.count(A::kProposePlan));
  EXPECT_FALSE(s.count(A::kStartIntervention));
  EXPECT_EQ(s, Allowed(Stage::kIntake, 0));
}

TEST(ActionTableTest, AssessmentExpectedActions) {
  EXPECT_EQ(Allowed(Stage::kAssessment, 0),
            (std::set<Action>{A::kRecordConsent, A::kWithdrawConsent, A::kRecordLegalBasis,
                              A::kCompleteAssessment, A::kCaseConference, A::kClose, A::kReferOut,
                              A::kSetRisk, A::kAddCategory, A::kRemoveCategory, A::kAssignWorker,
                              A::kSetLeadAgency, A::kRecordBeneficiaryDecision, A::kLinkCase,
                              A::kRefreshFlags}));
}

TEST(ActionTableTest, PlanningExpectedActions) {
  auto s = Allowed(Stage::kPlanning, 0);
  for (Action a : {A::kProposePlan, A::kApprovePlan, A::kStartIntervention, A::kStartAssessment,
                   A::kCaseConference}) {
    EXPECT_TRUE(s.count(a)) << Name(a);
  }
  for (Action a : {A::kRecordService, A::kPlaceResidential, A::kTerminate, A::kCompleteAssessment,
                   A::kReopen}) {
    EXPECT_FALSE(s.count(a)) << Name(a);
  }
}

TEST(ActionTableTest, InterventionExpectedActions) {
  EXPECT_EQ(Allowed(Stage::kIntervention, 0), (std::set<Action>{A::kRecordConsent,
                                                                A::kWithdrawConsent,
                                                                A::kRecordLegalBasis,
                                                                A::kStartAssessment,
                                                                A::kProposePlan,
                                                                A::kApprovePlan,
                                                                A::kRecordService,
                                                                A::kCaseConference,
                                                                A::kPlaceResidential,
                                                                A::kStartReintegration,
                                                                A::kRecordEvaluation,
                                                                A::kTerminate,
                                                                A::kClose,
                                                                A::kReferOut,
                                                                A::kSetRisk,
                                                                A::kAddCategory,
                                                                A::kRemoveCategory,
                                                                A::kAssignWorker,
                                                                A::kSetLeadAgency,
                                                                A::kRecordBeneficiaryDecision,
                                                                A::kLinkCase,
                                                                A::kRefreshFlags}));
}

TEST(ActionTableTest, ResidentialFlagSwapsPlaceForEnd) {
  auto s = Allowed(Stage::kIntervention, kFlagResidential);
  EXPECT_FALSE(s.count(A::kPlaceResidential));
  EXPECT_TRUE(s.count(A::kEndResidential));
  EXPECT_FALSE(Allowed(Stage::kIntervention, 0).count(A::kEndResidential));
}

TEST(ActionTableTest, TerminationAftercareClosed) {
  auto t = Allowed(Stage::kTermination, 0);
  EXPECT_TRUE(t.count(A::kStartAftercare));
  EXPECT_TRUE(t.count(A::kClose));
  EXPECT_FALSE(t.count(A::kRecordFollowup));
  EXPECT_FALSE(t.count(A::kTerminate));
  auto f = Allowed(Stage::kAftercare, 0);
  EXPECT_TRUE(f.count(A::kRecordFollowup));
  EXPECT_TRUE(f.count(A::kRecordEvaluation));
  EXPECT_TRUE(f.count(A::kClose));
  EXPECT_EQ(Allowed(Stage::kClosed, 0),
            (std::set<Action>{A::kWithdrawConsent, A::kReopen, A::kRefreshFlags}));
}

TEST(ActionTableTest, ReferredOut) {
  // PP 39/2012 art 7(1)k: rujukan from any open stage; a referred case can return or close.
  for (Stage s : AllStages()) {
    const bool expect = s != Stage::kClosed && s != Stage::kReferredOut;
    EXPECT_EQ(IsAllowed(s, 0, A::kReferOut), expect) << Name(s);
  }
  auto o = Allowed(Stage::kReferredOut, 0);
  EXPECT_TRUE(o.count(A::kReturnFromReferral));
  EXPECT_TRUE(o.count(A::kClose));
  EXPECT_FALSE(o.count(A::kRecordService));
}

// UU 35/2014 art 1(1): once the child is 18 only termination, transfer to
// adult services or closure (and what they need) remain.
TEST(ActionTableTest, AgeOutLeavesOnlyResolutionActions) {
  EXPECT_EQ(
      Allowed(Stage::kIntervention, kFlagAgeOut),
      (std::set<Action>{A::kWithdrawConsent, A::kRecordEvaluation, A::kTerminate, A::kClose,
                        A::kReferOut, A::kAssignWorker, A::kResolveAgeOut, A::kRefreshFlags}));
  EXPECT_EQ(
      Allowed(Stage::kAssessment, kFlagAgeOut),
      (std::set<Action>{A::kWithdrawConsent, A::kRecordEvaluation, A::kTerminate, A::kClose,
                        A::kReferOut, A::kAssignWorker, A::kResolveAgeOut, A::kRefreshFlags}));
  EXPECT_EQ(Allowed(Stage::kReferredOut, kFlagAgeOut),
            (std::set<Action>{A::kWithdrawConsent, A::kClose, A::kAssignWorker, A::kRefreshFlags}));
  auto res = Allowed(Stage::kIntervention, kFlagAgeOut | kFlagResidential);
  EXPECT_TRUE(res.count(A::kEndResidential));
  // Without the flag, terminate is not available before intervention.
  EXPECT_FALSE(IsAllowed(Stage::kAssessment, 0, A::kTerminate));
  EXPECT_FALSE(IsAllowed(Stage::kIntake, 0, A::kResolveAgeOut));
}

TEST(ActionTableTest, AllowedActionsForCaseUsesDerivedAgeOut) {
  Harness h;
  h.child.birth_date = testing_lifecycle::D(2008, 3, 1);
  h.now = At(2026, 2, 28);  // 17
  auto before = AllowedActions(h.c, h.child, h.now, h.policy);
  EXPECT_TRUE(std::count(before.begin(), before.end(), A::kSetRisk));
  h.now = At(2026, 3, 1);  // 18th birthday
  auto after = AllowedActions(h.c, h.child, h.now, h.policy);
  EXPECT_FALSE(std::count(after.begin(), after.end(), A::kSetRisk));
  EXPECT_TRUE(std::count(after.begin(), after.end(), A::kClose));
}

}  // namespace
}  // namespace atensi
