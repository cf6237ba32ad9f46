// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Every legal guard of Decide, each with its source cited.

#include <gtest/gtest.h>

#include "atensi/lifecycle/transition.h"
#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using testing_lifecycle::At;
using testing_lifecycle::D;
using testing_lifecycle::Harness;
using testing_lifecycle::Id;
using testing_lifecycle::kMotherId;
using testing_lifecycle::kUncleId;
using testing_lifecycle::Supervisor;
using testing_lifecycle::Worker;
using testing_lifecycle::Worker2;

void ExpectRefused(const Status& s, StatusCode code, const std::string& reason) {
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.reason(), reason) << s.ToString();
}

// ---- Consent: UU 27/2022 art 25 -------------------------------------------

TEST(ConsentGuardTest, AssessmentWithoutConsentRefused_UU27_2022_Art25) {
  Harness h;
  Status s = h.Do(cmd::StartAssessment{});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.consent_required");
  EXPECT_NE(s.message().find("UU 27/2022 art 25"), std::string::npos);
  EXPECT_EQ(h.c.stage, Stage::kIntake);
}

TEST(ConsentGuardTest, ParentConsentForAssessmentAllows) {
  Harness h;
  ASSERT_TRUE(h.Consent({ConsentPurpose::kAssessment}).ok());
  ASSERT_TRUE(h.Do(cmd::StartAssessment{}).ok());
  EXPECT_EQ(h.c.stage, Stage::kAssessment);
}

// UU 27/2022 art 22(4)-(5): consent is itemised; consent for services only
// does not cover assessment.
TEST(ConsentGuardTest, ConsentForOtherPurposeDoesNotCount_UU27_2022_Art22) {
  Harness h;
  ASSERT_TRUE(h.Consent({ConsentPurpose::kServices}).ok());
  ExpectRefused(h.Do(cmd::StartAssessment{}), StatusCode::kFailedPrecondition,
                "lifecycle.consent_required");
}

TEST(ConsentGuardTest, WithdrawnConsentNoLongerCounts) {
  Harness h;
  ASSERT_TRUE(h.Consent().ok());
  const std::string consent_id = h.c.consents.back().id;
  h.Advance(1);
  ASSERT_TRUE(h.Do(cmd::WithdrawConsent{consent_id, "keluarga menolak"}).ok());
  ASSERT_TRUE(h.c.consents.back().withdrawn_at.has_value());
  ExpectRefused(h.Do(cmd::StartAssessment{}), StatusCode::kFailedPrecondition,
                "lifecycle.consent_required");
}

// UU 27/2022 art 25(2): "orang tua anak dan/atau wali anak" - an uncle who is
// not the legal guardian cannot consent.
TEST(ConsentGuardTest, RelativeWhoIsNotGuardianCannotConsent_UU27_2022_Art25_2) {
  Harness h;
  Status s = h.Do(cmd::RecordConsent{
      h.NewId(), Id(kUncleId), ConsentForm::kWritten, {ConsentPurpose::kAssessment}, "form-1"});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.consent_giver");
  EXPECT_TRUE(h.c.consents.empty());
}

// UU 27/2022 art 24: the controller must be able to show the consent.
TEST(ConsentGuardTest, ConsentNeedsProofReference_UU27_2022_Art24) {
  Harness h;
  ExpectRefused(
      h.Do(cmd::RecordConsent{
          h.NewId(), Id(kMotherId), ConsentForm::kRecorded, {ConsentPurpose::kAssessment}, ""}),
      StatusCode::kInvalidArgument, "lifecycle.consent_proof");
}

// UU 27/2022 art 22(4)-(5): a consent names its purposes.
TEST(ConsentGuardTest, ConsentWithoutPurposeRefused_UU27_2022_Art22) {
  Harness h;
  ExpectRefused(h.Do(cmd::RecordConsent{h.NewId(), Id(kMotherId), ConsentForm::kWritten, {}, "f"}),
                StatusCode::kInvalidArgument, "lifecycle.consent_purpose");
  ExpectRefused(
      h.Do(cmd::RecordConsent{
          h.NewId(), Id(kMotherId), ConsentForm::kWritten, {static_cast<ConsentPurpose>(9)}, "f"}),
      StatusCode::kInvalidArgument, "lifecycle.consent_purpose");
  ExpectRefused(h.Do(cmd::RecordConsent{
                    h.NewId(), Id(999), ConsentForm::kWritten, {ConsentPurpose::kAssessment}, "f"}),
                StatusCode::kInvalidArgument, "lifecycle.unknown_reference");
}

TEST(ConsentGuardTest, LegalBasisNeedsReferenceAndDates) {
  Harness h;
  ExpectRefused(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kCourtOrder, "",
                                           D(2026, 3, 1), std::nullopt}),
                StatusCode::kInvalidArgument, "lifecycle.legal_basis_reference");
  ExpectRefused(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kCourtOrder, "PN-1",
                                           D(2026, 3, 9), std::nullopt}),
                StatusCode::kInvalidArgument, "lifecycle.date");
  ExpectRefused(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kCourtOrder, "PN-1",
                                           D(2026, 3, 1), D(2026, 2, 1)}),
                StatusCode::kInvalidArgument, "lifecycle.date");
}

TEST(ConsentGuardTest, CourtOrderStandsInForConsent) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kCourtOrder,
                                         "12/Pdt.P/2026/PN Jmb", D(2026, 3, 1), std::nullopt})
                  .ok());
  ASSERT_TRUE(h.Do(cmd::StartAssessment{}).ok());
}

TEST(ConsentGuardTest, EmergencyProtectionStandsInUntilItExpires) {
  Harness h(RiskLevel::kHigh);
  ASSERT_EQ(h.c.stage, Stage::kEmergency);
  ASSERT_TRUE(h.Do(cmd::RecordLegalBasis{h.NewId(), LegalBasisKind::kEmergencyProtection,
                                         "SPT-PPA-01", D(2026, 3, 2), D(2026, 3, 5)})
                  .ok());
  h.Advance(4);  // 2026-03-06: expired
  ExpectRefused(h.Do(cmd::StartAssessment{}), StatusCode::kFailedPrecondition,
                "lifecycle.consent_required");
  h.now = At(2026, 3, 5);
  EXPECT_TRUE(h.Do(cmd::StartAssessment{}).ok());
}

TEST(ConsentGuardTest, ReferralNeedsSharingConsent_UU27_2022_Art25) {
  Harness h;
  ASSERT_TRUE(h.Consent({ConsentPurpose::kAssessment}).ok());
  ExpectRefused(h.Do(cmd::ReferOut{"balai-alyatama", ReferralReason::kSpecialistService, ""}),
                StatusCode::kFailedPrecondition, "lifecycle.consent_required");
  ASSERT_TRUE(h.Consent({ConsentPurpose::kReferralSharing}).ok());
  EXPECT_TRUE(h.Do(cmd::ReferOut{"balai-alyatama", ReferralReason::kSpecialistService, ""}).ok());
  EXPECT_EQ(h.c.stage, Stage::kReferredOut);
}

// ---- Plan items: Permensos 7/2021 art 1 (as amended by 7/2022) -------------

TEST(PlanGuardTest, ItemWithoutComponentRefused_Permensos7_2021_Art1) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  PlanItem item{h.NewId(), std::nullopt, ServiceBase::kKeluarga, "dukungan", ""};
  Status s = h.Do(cmd::ProposePlan{h.NewId(), {item}});
  ExpectRefused(s, StatusCode::kInvalidArgument, "lifecycle.plan_item_component");
  EXPECT_EQ(s.field(), "items[0].component");
  EXPECT_NE(s.message().find("Permensos 7/2021 art 1"), std::string::npos);
}

TEST(PlanGuardTest, ItemWithOutOfRangeComponentRefused_Permensos7_2021_Art1) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  PlanItem ok_item{h.NewId(), AtensiComponent::kTerapi, ServiceBase::kKeluarga, "terapi", ""};
  PlanItem bad{h.NewId(), static_cast<AtensiComponent>(8), ServiceBase::kKeluarga, "x", ""};
  Status s = h.Do(cmd::ProposePlan{h.NewId(), {ok_item, bad}});
  ExpectRefused(s, StatusCode::kInvalidArgument, "lifecycle.plan_item_component");
  EXPECT_EQ(s.field(), "items[1].component");
}

TEST(PlanGuardTest, ItemWithoutServiceBaseRefused_Permensos7_2021_Art1) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  PlanItem item{h.NewId(), AtensiComponent::kDukunganKeluarga, std::nullopt, "x", ""};
  ExpectRefused(h.Do(cmd::ProposePlan{h.NewId(), {item}}), StatusCode::kInvalidArgument,
                "lifecycle.plan_item_base");
}

TEST(PlanGuardTest, EmptyPlanRefused) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  ExpectRefused(h.Do(cmd::ProposePlan{h.NewId(), {}}), StatusCode::kInvalidArgument,
                "lifecycle.plan_empty");
}

TEST(PlanGuardTest, InterventionNeedsApprovedPlan) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  ExpectRefused(h.Do(cmd::StartIntervention{}), StatusCode::kFailedPrecondition,
                "lifecycle.plan_not_approved");
  const std::string plan = h.NewId();
  ASSERT_TRUE(h.Do(cmd::ProposePlan{plan,
                                    {testing_lifecycle::Item(900, AtensiComponent::kTerapi,
                                                             ServiceBase::kKomunitas)}})
                  .ok());
  ExpectRefused(h.Do(cmd::StartIntervention{}), StatusCode::kFailedPrecondition,
                "lifecycle.plan_not_approved");
  ASSERT_TRUE(h.Do(cmd::ApprovePlan{plan}, Supervisor()).ok());
  EXPECT_TRUE(h.Do(cmd::StartIntervention{}).ok());
}

TEST(PlanGuardTest, ReassessmentInvalidatesEarlierApproval) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  h.Advance(10);
  ASSERT_TRUE(h.Do(cmd::StartAssessment{}).ok());
  ASSERT_TRUE(h.Do(cmd::CompleteAssessment{"asesmen ulang"}).ok());
  ExpectRefused(h.Do(cmd::StartIntervention{}), StatusCode::kFailedPrecondition,
                "lifecycle.plan_not_approved");
}

TEST(PlanGuardTest, CaseWorkerCannotApprove) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  const std::string plan = h.NewId();
  ASSERT_TRUE(h.Do(cmd::ProposePlan{plan,
                                    {testing_lifecycle::Item(901, AtensiComponent::kTerapi,
                                                             ServiceBase::kKeluarga)}})
                  .ok());
  ExpectRefused(h.Do(cmd::ApprovePlan{plan}, Worker2()), StatusCode::kPermissionDenied,
                "lifecycle.approver_role");
}

TEST(PlanGuardTest, AuthorCannotApproveOwnPlanWithoutRight) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  const std::string plan = h.NewId();
  ASSERT_TRUE(h.Do(cmd::ProposePlan{plan,
                                    {testing_lifecycle::Item(902, AtensiComponent::kTerapi,
                                                             ServiceBase::kKeluarga)}},
                   Supervisor())
                  .ok());
  ExpectRefused(h.Do(cmd::ApprovePlan{plan}, Supervisor()), StatusCode::kPermissionDenied,
                "lifecycle.self_approval");
  Actor with_right = Supervisor();
  with_right.rights = kRightSelfApprove;
  ASSERT_TRUE(h.Do(cmd::ApprovePlan{plan}, with_right).ok());
  EXPECT_EQ(h.c.plan->status, PlanStatus::kApproved);
  EXPECT_EQ(h.c.plan->approved_by, "supervisor-1");
}

// ---- Residential placement -------------------------------------------------

struct ResidentialHarness : Harness {
  std::string conference;
  ResidentialHarness() {
    now = At(2026, 8, 31);
    c = {};
    auto t = OpenCase(child, testing_lifecycle::MakeOpenRequest(), Worker(), now, policy, {});
    c = t->next;
    Status s = ToIntervention();
    conference = NewId();
    if (s.ok()) {
      s = Do(cmd::RecordCaseConference{conference,
                                       {"dinsos-1571", "balai-alyatama"},
                                       ConferenceDecision::kResidentialPlacement,
                                       "keluarga belum aman"});
    }
    ok = s.ok();
  }
  bool ok = false;
  cmd::PlaceResidential Place(Date start, Date end) {
    return cmd::PlaceResidential{NewId(),    "balai-alyatama",
                                 conference, start,
                                 end,        "tidak ada pengasuhan keluarga yang aman"};
  }
};

// atensi.md §4.3 (DIY Balai RSPA practice): a case conference decides residential placement.
TEST(ResidentialGuardTest, PlacementWithoutConferenceRefused) {
  Harness h;
  h.now = At(2026, 8, 31);
  ASSERT_TRUE(h.ToIntervention().ok());
  Status s = h.Do(cmd::PlaceResidential{h.NewId(), "balai-alyatama", h.NewId(), D(2026, 8, 31),
                                        D(2026, 12, 31), "alasan"});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.case_conference_required");
  EXPECT_NE(s.message().find("case conference"), std::string::npos);
}

TEST(ResidentialGuardTest, ConferenceDecidingFamilyCareDoesNotAuthorisePlacement) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  const std::string conf = h.NewId();
  ASSERT_TRUE(
      h.Do(cmd::RecordCaseConference{conf, {"dinsos-1571"}, ConferenceDecision::kFamilyBased, ""})
          .ok());
  ExpectRefused(
      h.Do(cmd::PlaceResidential{h.NewId(), "balai", conf, D(2026, 3, 2), D(2026, 6, 1), "alasan"}),
      StatusCode::kFailedPrecondition, "lifecycle.case_conference_required");
}

// 6 months = Dirjen Rehsos 2019 policy (configurable, not law); calendar
// months: 31 Aug 2026 + 6 = 28 Feb 2027.
TEST(ResidentialGuardTest, SixMonthLimitAcrossMonthEnd_DirjenRehsos2019Policy) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  Status s = h.Do(h.Place(D(2026, 8, 31), D(2027, 3, 1)));
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.residential_limit");
  EXPECT_NE(s.message().find("not law"), std::string::npos);
  ASSERT_TRUE(h.Do(h.Place(D(2026, 8, 31), D(2027, 2, 28))).ok());
  EXPECT_TRUE(h.c.Has(kFlagResidential));
  EXPECT_EQ(h.c.CurrentPlacement()->planned_end_date, D(2027, 2, 28));
}

TEST(ResidentialGuardTest, LeapYearLimitIs29February) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  h.now = At(2027, 8, 31);
  ExpectRefused(h.Do(h.Place(D(2027, 8, 31), D(2028, 3, 1))), StatusCode::kFailedPrecondition,
                "lifecycle.residential_limit");
  EXPECT_TRUE(h.Do(h.Place(D(2027, 8, 31), D(2028, 2, 29))).ok());
}

TEST(ResidentialGuardTest, LimitIsConfigurable) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  h.policy.residential_max_months = 3;
  ExpectRefused(h.Do(h.Place(D(2026, 8, 31), D(2026, 12, 1))), StatusCode::kFailedPrecondition,
                "lifecycle.residential_limit");
  EXPECT_TRUE(h.Do(h.Place(D(2026, 8, 31), D(2026, 11, 30))).ok());
}

TEST(ResidentialGuardTest, EndBeforeStartRefusedAndOneConferenceOnePlacement) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  ExpectRefused(h.Do(h.Place(D(2026, 8, 31), D(2026, 8, 31))), StatusCode::kFailedPrecondition,
                "lifecycle.residential_limit");
  ASSERT_TRUE(h.Do(h.Place(D(2026, 8, 31), D(2026, 12, 31))).ok());
  h.Advance(30);
  ASSERT_TRUE(h.Do(cmd::EndResidential{DateAt(h.now), "pulang"}).ok());
  EXPECT_FALSE(h.c.Has(kFlagResidential));
  ExpectRefused(h.Do(h.Place(DateAt(h.now), DateAt(h.now).end_of_month())),
                StatusCode::kFailedPrecondition, "lifecycle.case_conference_required");
}

// atensi.md §13 rule 17: residential care is a last resort; say why.
TEST(ResidentialGuardTest, JustificationRequired) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  cmd::PlaceResidential p = h.Place(D(2026, 8, 31), D(2026, 12, 31));
  p.justification = "";
  ExpectRefused(h.Do(p), StatusCode::kInvalidArgument, "lifecycle.residential_justification");
}

TEST(ResidentialGuardTest, CannotCloseWhilePlaced) {
  ResidentialHarness h;
  ASSERT_TRUE(h.ok);
  ASSERT_TRUE(h.Do(h.Place(D(2026, 8, 31), D(2026, 12, 31))).ok());
  ExpectRefused(h.Do(cmd::Close{ClosureReason::kLostContact, ""}), StatusCode::kFailedPrecondition,
                "lifecycle.residential_open");
}

// ---- Evaluation and closure --------------------------------------------------

// Permensos 7/2021 prinsip sistematik (15/2025 art 4): evaluable outcomes.
TEST(EvaluationGuardTest, TerminationNeedsEvaluation_Permensos7_2021) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  Status s = h.Do(cmd::Terminate{"selesai"});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.evaluation_required");
  EXPECT_NE(s.message().find("Permensos"), std::string::npos);
  ExpectRefused(h.Do(cmd::RecordEvaluation{h.NewId(), {}, "tanpa indikator"}),
                StatusCode::kInvalidArgument, "lifecycle.evaluation_indicators");
  ASSERT_TRUE(h.Evaluate().ok());
  ASSERT_TRUE(h.Do(cmd::Terminate{"selesai"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kTermination);
}

TEST(ClosureGuardTest, ClosureNeedsReasonFromFixedList) {
  Harness h;
  Status s = h.Do(cmd::Close{std::nullopt, ""});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.closure_reason");
  ExpectRefused(h.Do(cmd::Close{static_cast<ClosureReason>(99), ""}),
                StatusCode::kFailedPrecondition, "lifecycle.closure_reason");
  EXPECT_TRUE(h.Do(cmd::Close{ClosureReason::kNotEligible, "bukan sasaran"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kClosed);
  EXPECT_EQ(h.last.event.reason, "not_eligible");
}

TEST(ClosureGuardTest, SuccessReasonsOnlyAfterTermination) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  ExpectRefused(h.Do(cmd::Close{ClosureReason::kGoalsAchieved, ""}),
                StatusCode::kFailedPrecondition, "lifecycle.closure_reason");
  ExpectRefused(h.Do(cmd::Close{ClosureReason::kReferralCompleted, ""}),
                StatusCode::kFailedPrecondition, "lifecycle.closure_reason");
  // UU 35/2014 art 1(1): only a person of 18 or over goes to adult services.
  ExpectRefused(h.Do(cmd::Close{ClosureReason::kTransferredToAdultServices, ""}),
                StatusCode::kFailedPrecondition, "lifecycle.closure_reason");
  ASSERT_TRUE(h.Evaluate().ok());
  ASSERT_TRUE(h.Do(cmd::Terminate{""}).ok());
  EXPECT_TRUE(h.Do(cmd::Close{ClosureReason::kGoalsAchieved, ""}).ok());
}

// ---- Beneficiary: Permensos 15/2025 art 1(7) "ditetapkan dalam keputusan" ---

TEST(BeneficiaryGuardTest, DecisionRecordRequired_Permensos15_2025_Art1_7) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  Status s = h.Do(cmd::RecordBeneficiaryDecision{"", D(2026, 3, 1), "dinsos-1571"});
  ExpectRefused(s, StatusCode::kFailedPrecondition, "lifecycle.beneficiary_decision_required");
  EXPECT_NE(s.message().find("Permensos 15/2025 art 1(7)"), std::string::npos);
  ExpectRefused(h.Do(cmd::RecordBeneficiaryDecision{"KEP-1", Date(), "dinsos-1571"}),
                StatusCode::kFailedPrecondition, "lifecycle.beneficiary_decision_required");
  ExpectRefused(h.Do(cmd::RecordBeneficiaryDecision{"KEP-1", D(2026, 3, 1), ""}),
                StatusCode::kFailedPrecondition, "lifecycle.beneficiary_decision_required");
  ASSERT_TRUE(
      h.Do(cmd::RecordBeneficiaryDecision{"KEP-1/2026", D(2026, 3, 1), "dinsos-1571"}).ok());
  EXPECT_TRUE(h.c.Has(kFlagBeneficiary));
}

TEST(BeneficiaryGuardTest, SocialAssistanceNeedsBeneficiaryDecision_Permensos15_2025_Art1_7) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention(AtensiComponent::kBantuanAsistensiSosial).ok());
  ExpectRefused(h.Do(cmd::RecordService{h.NewId(), h.item_id, "bantuan"}),
                StatusCode::kFailedPrecondition, "lifecycle.beneficiary_decision_required");
  ASSERT_TRUE(
      h.Do(cmd::RecordBeneficiaryDecision{"KEP-1/2026", D(2026, 3, 1), "dinsos-1571"}).ok());
  EXPECT_TRUE(h.Do(cmd::RecordService{h.NewId(), h.item_id, "bantuan"}).ok());
}

TEST(ServiceGuardTest, ServiceMustDeliverAPlanItem) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  ExpectRefused(h.Do(cmd::RecordService{h.NewId(), h.NewId(), ""}), StatusCode::kInvalidArgument,
                "lifecycle.unknown_reference");
  EXPECT_TRUE(h.Do(cmd::RecordService{h.NewId(), h.item_id, "sesi 1"}).ok());
}

// ---- Reopen, one open case, versions -----------------------------------------

TEST(ReopenGuardTest, ReopenNeedsReason) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::Close{ClosureReason::kLostContact, ""}).ok());
  ExpectRefused(h.Do(cmd::Reopen{""}), StatusCode::kInvalidArgument, "lifecycle.reopen_reason");
  ASSERT_TRUE(h.Do(cmd::Reopen{"laporan baru dari sekolah"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kIntake);
  EXPECT_TRUE(h.c.Has(kFlagReopened));
  EXPECT_FALSE(h.c.closure.has_value());
}

TEST(OpenCaseGuardTest, SecondOpenCaseNeedsLinkWithReason) {
  Harness h;
  std::vector<Case> existing{h.c};
  OpenCaseRequest req = testing_lifecycle::MakeOpenRequest();
  req.case_id = Id(500);
  auto r = OpenCase(h.child, req, Worker(), h.now, h.policy, existing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "lifecycle.open_case_exists");
  req.link = CaseLink{h.c.id, ""};
  r = OpenCase(h.child, req, Worker(), h.now, h.policy, existing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "lifecycle.link_reason");
  req.link = CaseLink{h.c.id, "kasus ABH terpisah dari kasus kekerasan"};
  r = OpenCase(h.child, req, Worker(), h.now, h.policy, existing);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->next.Has(kFlagLinked));
}

TEST(OpenCaseGuardTest, ClosedCaseDoesNotBlockNewCase) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::Close{ClosureReason::kRedirected, "PKH"}).ok());
  std::vector<Case> existing{h.c};
  OpenCaseRequest req = testing_lifecycle::MakeOpenRequest();
  req.case_id = Id(501);
  EXPECT_TRUE(OpenCase(h.child, req, Worker(), h.now, h.policy, existing).ok());
  req.case_id = h.c.id;
  auto dup = OpenCase(h.child, req, Worker(), h.now, h.policy, existing);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().reason(), "lifecycle.duplicate_id");
}

TEST(OpenCaseGuardTest, CheckOneOpenCaseForReopenPath) {
  Harness h;
  Case other = h.c;
  other.id = Id(777);
  Case candidate = h.c;
  EXPECT_EQ(CheckOneOpenCase(candidate, std::vector<Case>{other}).reason(),
            "lifecycle.open_case_exists");
  other.stage = Stage::kClosed;
  EXPECT_TRUE(CheckOneOpenCase(candidate, std::vector<Case>{other}).ok());
}

TEST(VersionTest, StaleWriteIsConflictNeverLastWriteWins) {
  Harness h;
  const Case read_by_a = h.c;
  const Case read_by_b = h.c;
  auto a = Decide(read_by_a, h.child, cmd::AssignWorker{"worker-a"}, Worker(), h.now, h.policy,
                  read_by_a.version);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->next.version, read_by_a.version + 1);
  // B read the same version but the store now holds a->next: B's write is stale.
  auto b = Decide(a->next, h.child, cmd::AssignWorker{"worker-b"}, Worker(), h.now, h.policy,
                  read_by_b.version);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kConflict);
  EXPECT_EQ(b.status().reason(), "lifecycle.version_conflict");
  EXPECT_EQ(b.status().field(), "version");
  // A future version is also a conflict.
  auto c = Decide(a->next, h.child, cmd::AssignWorker{"worker-b"}, Worker(), h.now, h.policy,
                  a->next.version + 1);
  EXPECT_EQ(c.status().reason(), "lifecycle.version_conflict");
}

TEST(ActorTest, InvalidActorRefused) {
  Harness h;
  Actor nobody;
  auto r = Decide(h.c, h.child, cmd::RefreshFlags{}, nobody, h.now, h.policy, h.c.version);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "actor.missing");
}

TEST(PayloadTest, IdsMustBeCanonicalAndUnique) {
  Harness h;
  ExpectRefused(
      h.Do(cmd::RecordConsent{
          "NOT-A-UUID", Id(kMotherId), ConsentForm::kWritten, {ConsentPurpose::kAssessment}, "f"}),
      StatusCode::kInvalidArgument, "lifecycle.id_required");
  const std::string id = h.NewId();
  ASSERT_TRUE(
      h.Do(cmd::RecordConsent{
               id, Id(kMotherId), ConsentForm::kWritten, {ConsentPurpose::kAssessment}, "f"})
          .ok());
  ExpectRefused(h.Do(cmd::RecordConsent{
                    id, Id(kMotherId), ConsentForm::kWritten, {ConsentPurpose::kAssessment}, "f"}),
                StatusCode::kInvalidArgument, "lifecycle.duplicate_id");
}

TEST(PayloadTest, HostileTextRefusedWithoutEcho) {
  Harness h;
  const std::string bad = std::string("catatan\x01") + "rahasia";
  Status s = h.Do(cmd::RecordContact{bad});
  ExpectRefused(s, StatusCode::kInvalidArgument, "lifecycle.text");
  EXPECT_EQ(s.message().find("rahasia"), std::string::npos);
  ExpectRefused(h.Do(cmd::RecordContact{std::string("\xC0\xAF")}), StatusCode::kInvalidArgument,
                "lifecycle.text");
  ExpectRefused(h.Do(cmd::RecordContact{std::string(2001, 'a')}), StatusCode::kInvalidArgument,
                "lifecycle.text");
}

TEST(PayloadTest, NoChangeIsRefused) {
  Harness h;
  ExpectRefused(h.Do(cmd::SetRisk{RiskLevel::kMedium, ""}), StatusCode::kFailedPrecondition,
                "lifecycle.no_change");
  ExpectRefused(h.Do(cmd::AddCategory{AmpkCategory::kKekerasanFisikPsikis, std::nullopt}),
                StatusCode::kFailedPrecondition, "lifecycle.no_change");
  ExpectRefused(h.Do(cmd::AddCategory{AmpkCategory::kAbh, ChildPpksType::kAnakJalanan}),
                StatusCode::kInvalidArgument, "lifecycle.category_choice");
}

}  // namespace
}  // namespace atensi
