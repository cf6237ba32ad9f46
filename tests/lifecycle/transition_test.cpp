// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Decide / OpenCase: happy path, events, emergency routing, helpers.

#include "atensi/lifecycle/transition.h"

#include <gtest/gtest.h>

#include "atensi/lifecycle/lifecycle_json.h"
#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using nlohmann::json;
using testing_lifecycle::At;
using testing_lifecycle::D;
using testing_lifecycle::Harness;
using testing_lifecycle::Id;
using testing_lifecycle::MakeChild;
using testing_lifecycle::MakeOpenRequest;
using testing_lifecycle::Supervisor;
using testing_lifecycle::Worker;

std::set<std::string> Keys(const json& j) {
  std::set<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.insert(it.key());
  return out;
}

TEST(HappyPathTest, IntakeToClosedAndReopen) {
  Harness h;
  ASSERT_EQ(h.c.stage, Stage::kIntake);
  ASSERT_EQ(h.c.version, 1);
  auto step = [&](const Command& cmd, Stage expect, const Actor& actor = Worker()) {
    const std::int64_t v = h.c.version;
    Status s = h.Do(cmd, actor);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(h.c.stage, expect);
    EXPECT_EQ(h.c.version, v + 1);
    h.Advance(1);
  };
  step(cmd::RecordContact{"kunjungan pertama"}, Stage::kIntake);
  step(cmd::RecordConsent{h.NewId(),
                          Id(testing_lifecycle::kMotherId),
                          ConsentForm::kWritten,
                          {ConsentPurpose::kAssessment, ConsentPurpose::kServices},
                          "form-01"},
       Stage::kIntake);
  step(cmd::StartAssessment{}, Stage::kAssessment);
  step(cmd::CompleteAssessment{"kebutuhan: terapi dan dukungan keluarga"}, Stage::kPlanning);
  const std::string plan = h.NewId();
  const std::string item1 = h.NewId();
  const std::string item2 = h.NewId();
  step(cmd::ProposePlan{plan,
                        {PlanItem{item1, AtensiComponent::kTerapi, ServiceBase::kKeluarga,
                                  "terapi psikososial", ""},
                         PlanItem{item2, AtensiComponent::kDukunganKeluarga,
                                  ServiceBase::kKomunitas, "parenting", "lks-1"}}},
       Stage::kPlanning);
  step(cmd::ApprovePlan{plan}, Stage::kPlanning, Supervisor());
  step(cmd::StartIntervention{}, Stage::kIntervention);
  step(cmd::RecordService{h.NewId(), item1, "sesi 1"}, Stage::kIntervention);
  step(cmd::RecordService{h.NewId(), item2, "sesi 1"}, Stage::kIntervention);
  step(cmd::StartReintegration{}, Stage::kReintegration);
  step(cmd::RecordEvaluation{h.NewId(),
                             {OutcomeIndicator{"kehadiran sekolah", "40%", "95%", true},
                              OutcomeIndicator{"relasi keluarga", "buruk", "baik", true}},
                             "tujuan tercapai"},
       Stage::kReintegration);
  step(cmd::Terminate{"tujuan tercapai"}, Stage::kTermination);
  step(cmd::StartAftercare{}, Stage::kAftercare);
  step(cmd::RecordFollowup{h.NewId(), "kunjungan 1 bulan"}, Stage::kAftercare);
  step(cmd::Close{ClosureReason::kAftercareCompleted, ""}, Stage::kClosed);
  EXPECT_EQ(h.c.closure->reason, ClosureReason::kAftercareCompleted);
  step(cmd::Reopen{"laporan kekerasan berulang"}, Stage::kIntake);
  EXPECT_EQ(h.c.reopenings.size(), 1u);
  EXPECT_FALSE(h.c.first_contact_at.has_value());
  EXPECT_EQ(h.c.services.size(), 2u);  // history kept
  EXPECT_EQ(h.last.event.action, "reopen");
  EXPECT_EQ(h.last.event.reason, "laporan kekerasan berulang");
  EXPECT_EQ(h.c.version, 17);  // open + 16 steps
  // The new episode needs its own evaluation before termination.
  // Consent given before closure still stands (not withdrawn).
  ASSERT_TRUE(h.Do(cmd::StartAssessment{}).ok());
  ASSERT_TRUE(h.Do(cmd::CompleteAssessment{"asesmen ulang"}).ok());
  // The old approval predates the new assessment.
  EXPECT_EQ(h.Do(cmd::StartIntervention{}).reason(), "lifecycle.plan_not_approved");
  ASSERT_TRUE(h.Do(cmd::ProposePlan{plan,
                                    {PlanItem{item1, AtensiComponent::kTerapi,
                                              ServiceBase::kKeluarga, "terapi ulang", ""}}})
                  .ok());
  ASSERT_TRUE(h.Do(cmd::ApprovePlan{plan}, Supervisor()).ok());
  ASSERT_TRUE(h.Do(cmd::StartIntervention{}).ok());
  EXPECT_EQ(h.Do(cmd::Terminate{""}).reason(), "lifecycle.evaluation_required");
}

TEST(OpenCaseTest, HighRiskStartsInEmergency_UPTD_PPA_SOP) {
  const Child child = MakeChild();
  LifecyclePolicy policy;
  auto r = OpenCase(child, MakeOpenRequest(RiskLevel::kHigh), Worker(), At(2026, 3, 2), policy, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->next.stage, Stage::kEmergency);
  auto m =
      OpenCase(child, MakeOpenRequest(RiskLevel::kMedium), Worker(), At(2026, 3, 2), policy, {});
  EXPECT_EQ(m->next.stage, Stage::kIntake);
}

TEST(OpenCaseTest, EventListsEveryNonNullField) {
  const Child child = MakeChild();
  auto r = OpenCase(child, MakeOpenRequest(), Worker(), At(2026, 3, 2), LifecyclePolicy{}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->event.action, "open_case");
  const json& ch = r->event.changes;
  EXPECT_EQ(ch["stage"]["before"], nullptr);
  EXPECT_EQ(ch["stage"]["after"], "intake");
  EXPECT_EQ(ch["version"]["after"], 1);
  EXPECT_FALSE(ch.contains("plan"));  // null stays out
  EXPECT_EQ(r->next.version, 1);
}

TEST(OpenCaseTest, RequestValidated) {
  const Child child = MakeChild();
  OpenCaseRequest req = MakeOpenRequest();
  req.lead_agency_id = "";
  EXPECT_EQ(OpenCase(child, req, Worker(), At(2026, 3, 2), LifecyclePolicy{}, {}).status().field(),
            "lead_agency_id");
  req = MakeOpenRequest();
  req.case_id = "12";
  EXPECT_EQ(OpenCase(child, req, Worker(), At(2026, 3, 2), LifecyclePolicy{}, {}).status().reason(),
            "lifecycle.id_required");
  req = MakeOpenRequest();
  req.ppks_types = {ChildPpksType::kAnakTelantar, ChildPpksType::kAnakJalanan,
                    ChildPpksType::kAnakTelantar};
  auto ok = OpenCase(child, req, Worker(), At(2026, 3, 2), LifecyclePolicy{}, {});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->next.ppks_types, (std::vector<ChildPpksType>{ChildPpksType::kAnakTelantar,
                                                             ChildPpksType::kAnakJalanan}));
}

TEST(EventDraftTest, ChangesHoldExactlyTheChangedFields) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::AssignWorker{"worker-7"}).ok());
  const json& ch = h.last.event.changes;
  EXPECT_EQ(Keys(ch), (std::set<std::string>{"assigned_worker_id", "version"}));
  EXPECT_EQ(ch["assigned_worker_id"]["before"], "worker-1");
  EXPECT_EQ(ch["assigned_worker_id"]["after"], "worker-7");
  EXPECT_EQ(ch["version"]["before"], 1);
  EXPECT_EQ(ch["version"]["after"], 2);
  EXPECT_EQ(h.last.event.action, "assign_worker");
}

// UPTD PPA SOP: raising the risk to high during intake moves the case to emergency.
TEST(EventDraftTest, RaisingRiskInIntakeMovesToEmergency) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::SetRisk{RiskLevel::kHigh, "ancaman pelaku"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kEmergency);
  EXPECT_EQ(Keys(h.last.event.changes), (std::set<std::string>{"risk", "stage", "version"}));
  EXPECT_EQ(h.last.event.changes["stage"]["before"], "intake");
  EXPECT_EQ(h.last.event.changes["stage"]["after"], "emergency");
  EXPECT_EQ(h.last.event.reason, "ancaman pelaku");
}

TEST(EventDraftTest, ChangesMatchJsonDiffForEveryStepOfAPath) {
  Harness h;
  Case before = h.c;
  ASSERT_TRUE(h.ToIntervention().ok());
  // Each step's changes equal the diff of the JSON of the two versions.
  Case prev = h.c;
  ASSERT_TRUE(h.Do(cmd::RecordService{h.NewId(), h.item_id, "x"}).ok());
  EXPECT_EQ(h.last.event.changes, DiffTopLevel(ToJson(prev), ToJson(h.c)));
  EXPECT_EQ(Keys(h.last.event.changes), (std::set<std::string>{"services", "version"}));
  EXPECT_EQ(h.last.event.changes["services"]["before"], json::array());
  EXPECT_EQ(h.last.event.changes["services"]["after"].size(), 1u);
  EXPECT_NE(ToJson(before), ToJson(h.c));
}

TEST(EventDraftTest, RefreshWithoutChangeOnlyBumpsVersion) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::RefreshFlags{}).ok());
  EXPECT_EQ(Keys(h.last.event.changes), (std::set<std::string>{"version"}));
}

TEST(DecideTest, ChildMustMatchCase) {
  Harness h;
  Child other = MakeChild();
  other.id = Id(999);
  auto r = Decide(h.c, other, cmd::RefreshFlags{}, Worker(), h.now, h.policy, h.c.version);
  EXPECT_EQ(r.status().reason(), "lifecycle.child_mismatch");
}

TEST(DecideTest, ReferralRoundTrip) {
  Harness h;
  ASSERT_TRUE(h.ToPlanning().ok());
  ASSERT_TRUE(h.Do(cmd::ReferOut{"rs-jiwa", ReferralReason::kSpecialistService, "psikiater"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kReferredOut);
  EXPECT_EQ(h.c.referral->from_stage, Stage::kPlanning);
  EXPECT_EQ(h.last.event.reason, "specialist_service");
  ASSERT_TRUE(h.Do(cmd::ReturnFromReferral{"kembali"}).ok());
  EXPECT_EQ(h.c.stage, Stage::kPlanning);
  EXPECT_FALSE(h.c.referral.has_value());
}

TEST(DecideTest, PlanRevisionNeedsReapprovalAndKeepsItemIds) {
  Harness h;
  ASSERT_TRUE(h.ToIntervention().ok());
  ASSERT_TRUE(
      h.Do(cmd::ProposePlan{h.plan_id,
                            {PlanItem{h.item_id, AtensiComponent::kTerapi, ServiceBase::kKeluarga,
                                      "terapi lanjutan", ""},
                             testing_lifecycle::Item(950, AtensiComponent::kVokasionalKewirausahaan,
                                                     ServiceBase::kKomunitas)}})
          .ok());
  EXPECT_EQ(h.c.plan->revision, 2);
  EXPECT_EQ(h.c.plan->status, PlanStatus::kProposed);
  EXPECT_EQ(h.Do(cmd::RecordService{h.NewId(), h.item_id, ""}).reason(),
            "lifecycle.plan_not_approved");
  ASSERT_TRUE(h.Do(cmd::ApprovePlan{h.plan_id}, Supervisor()).ok());
  EXPECT_TRUE(h.Do(cmd::RecordService{h.NewId(), h.item_id, ""}).ok());
}

TEST(DecideTest, CategoriesAddAndRemove_UU35_2014_Art59_2) {
  Harness h;
  ASSERT_TRUE(h.Do(cmd::AddCategory{AmpkCategory::kAbh, std::nullopt}).ok());
  EXPECT_TRUE(h.c.categories.Has(AmpkCategory::kAbh));
  EXPECT_TRUE(h.c.categories.Has(AmpkCategory::kKekerasanFisikPsikis));
  ASSERT_TRUE(h.Do(cmd::RemoveCategory{AmpkCategory::kKekerasanFisikPsikis, std::nullopt}).ok());
  EXPECT_FALSE(h.c.categories.Has(AmpkCategory::kKekerasanFisikPsikis));
  EXPECT_EQ(h.last.event.changes["categories"]["after"], json::array({"abh"}));
  EXPECT_EQ(h.Do(cmd::AddCategory{static_cast<AmpkCategory>(16), std::nullopt}).reason(),
            "lifecycle.enum");
}

TEST(CalendarTest, AddCalendarMonthsClampsToMonthEnd) {
  EXPECT_EQ(AddCalendarMonths(D(2026, 8, 31), 6), D(2027, 2, 28));
  EXPECT_EQ(AddCalendarMonths(D(2027, 8, 31), 6), D(2028, 2, 29));
  EXPECT_EQ(AddCalendarMonths(D(2026, 2, 28), 6), D(2026, 8, 28));
  EXPECT_EQ(AddCalendarMonths(D(2028, 2, 29), 12), D(2029, 2, 28));
  EXPECT_EQ(AddCalendarMonths(D(2026, 10, 15), 3), D(2027, 1, 15));
  EXPECT_EQ(AddCalendarMonths(D(2026, 1, 31), 1), D(2026, 2, 28));
}

TEST(DiffTest, DiffTopLevel) {
  json a = {{"x", 1}, {"y", "s"}, {"z", nullptr}};
  json b = {{"x", 1}, {"y", "t"}, {"w", 5}};
  json d = DiffTopLevel(a, b);
  EXPECT_EQ(Keys(d), (std::set<std::string>{"y", "w"}));
  EXPECT_EQ(d["y"]["before"], "s");
  EXPECT_EQ(d["w"]["before"], nullptr);
  EXPECT_EQ(DiffTopLevel(a, a), json::object());
}

}  // namespace
}  // namespace atensi
