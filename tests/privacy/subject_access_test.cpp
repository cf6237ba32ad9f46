// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Subject access requests (UU 27/2022 art 32: data and processing log within
// 3x24 h of the request) and their refusal or redaction (art 33: refuse when
// disclosure endangers the safety or physical / mental health of the
// subject or others; never disclose another person's personal data).

#include "atensi/privacy/subject_access.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "store/casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi::testing {
namespace {

constexpr const char* kMotherId = "0193a000-0000-7000-8000-000000000001";
constexpr const char* kStepfatherId = "0193a000-0000-7000-8000-000000000002";
constexpr const char* kStepfatherNik = "1571011203800007";
constexpr std::int64_t kHourMs = 3600LL * 1000;

Actor DataOfficer() {
  Actor a;
  a.person_id = "officer-1";
  a.agency_id = "dinsos-1571";
  a.role = Role::kDataOfficer;
  return a;
}

class SubjectAccessTest : public CasebookTest {
 protected:
  void SetUp() override {
    CasebookTest::SetUp();
    // A violence case: the mother and the stepfather (alleged perpetrator).
    Child c = MakeChild("Dewi Lestari", "15.71.01.1001", "1571014505150001");
    Guardian step;
    step.id = kStepfatherId;
    step.name = "Bapak Tiri Suharyo";
    step.nik = kStepfatherNik;
    step.role = GuardianRole::kRelative;
    c.guardians.push_back(step);
    auto child = book_->RegisterChild(c, Worker());
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    child_ = *child;
    case_ = Open(child_);
    case_ = Do(case_, Consent(child_));
  }

  void ExpectVerified() {
    auto v = internal::Trusted(book_).Verify();
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok) << (v->first_broken ? v->first_broken->reason : "");
  }

  std::vector<std::string> ChildActions() {
    std::vector<std::string> out;
    auto t = internal::Trusted(book_).ChildTimeline(child_.id);
    EXPECT_TRUE(t.ok());
    if (t.ok()) {
      for (const Event& e : *t) out.push_back(e.action);
    }
    return out;
  }

  Child child_;
  Case case_;
};

// UU 27/2022 art 32: the request is recorded with its 3x24 h deadline, is
// listed while pending, becomes overdue after 72 h, and is closed by its
// outcome in the child's audit chain.
TEST_F(SubjectAccessTest, RequestIsRecordedWithThe72HourDeadlineUU27Art32) {
  const Instant asked = clock_.Now();
  auto r =
      book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, kMotherId, DataOfficer());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->requested_at, asked);
  EXPECT_EQ(r->due_at.ms, asked.ms + 72 * kHourMs);
  EXPECT_EQ(r->outcome, AccessOutcome::kPending);
  // One open request at a time: asking again returns it, writes nothing.
  const std::size_t events = ChildActions().size();
  auto again =
      book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, kMotherId, DataOfficer());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, r->id);
  EXPECT_EQ(ChildActions().size(), events);

  auto pending = book_->PendingSubjectAccess(DataOfficer(), /*overdue_only=*/false);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->at(0).id, r->id);
  EXPECT_EQ(pending->at(0).guardian_id, kMotherId);
  EXPECT_TRUE(book_->PendingSubjectAccess(DataOfficer(), true)->empty());
  clock_.AdvanceMillis(72 * kHourMs);
  EXPECT_TRUE(book_->PendingSubjectAccess(DataOfficer(), true)->empty());  // due, not past
  clock_.AdvanceMillis(1);
  auto overdue = book_->PendingSubjectAccess(DataOfficer(), true);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_TRUE(overdue->at(0).overdue(clock_.Now()));

  auto answer = book_->AnswerSubjectAccess(child_.id, r->id, DataOfficer());
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->request.outcome, AccessOutcome::kFulfilled);
  EXPECT_EQ(answer->report["request"]["id"], r->id);
  EXPECT_TRUE(book_->PendingSubjectAccess(DataOfficer(), false)->empty());
  auto state = book_->PrivacyStateOf(child_.id);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->access_requests.size(), 1u);
  EXPECT_EQ(state->access_requests[0].outcome, AccessOutcome::kFulfilled);
  EXPECT_EQ(state->access_requests[0].answered_at, clock_.Now());
  const std::vector<std::string> actions = ChildActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "privacy.access_request"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "privacy.access_fulfilled"), 1);
  // Answering twice is not possible.
  EXPECT_EQ(book_->AnswerSubjectAccess(child_.id, r->id, DataOfficer()).status().reason(),
            "privacy.access_request_not_found");
  ExpectVerified();
}

// UU 27/2022 art 33: the alleged perpetrator's request is refused on the
// recorded disclosure-risk decision; the mother's is answered, without the
// stepfather's personal data.
TEST_F(SubjectAccessTest, AllegedPerpetratorIsRefusedUU27Art33) {
  DisclosureRisk risk;
  risk.refused_guardian_ids = {kStepfatherId};
  ASSERT_TRUE(
      book_->SetDisclosureRisk(child_.id, risk, "asesmen: kekerasan oleh ayah tiri", Supervisor())
          .ok());
  EXPECT_EQ(book_->PrivacyStateOf(child_.id)->disclosure_risk, risk);

  auto by_step = book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, kStepfatherId,
                                             DataOfficer());
  ASSERT_TRUE(by_step.ok()) << by_step.status().ToString();
  auto refused = book_->AnswerSubjectAccess(child_.id, by_step->id, DataOfficer());
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->request.outcome, AccessOutcome::kRefused);
  EXPECT_EQ(refused->request.refusal_reason, kRefusalRequesterEndangers);
  EXPECT_TRUE(refused->report.is_null());
  // Nothing was read: the refusal leaves no access-log row of a disclosure.
  auto log = book_->AccessLog(child_.id, DataOfficer());
  if (log.ok()) {
    for (const AccessLogEntry& e : *log) EXPECT_NE(e.operation, Operation::kSubjectAccess);
  }

  auto by_mother =
      book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, kMotherId, DataOfficer());
  ASSERT_TRUE(by_mother.ok());
  EXPECT_NE(by_mother->id, by_step->id);
  auto given = book_->AnswerSubjectAccess(child_.id, by_mother->id, DataOfficer());
  ASSERT_TRUE(given.ok()) << given.status().ToString();
  EXPECT_EQ(given->request.outcome, AccessOutcome::kFulfilled);
  const nlohmann::json& guardians = given->report["child"]["guardians"];
  ASSERT_EQ(guardians.size(), 2u);
  EXPECT_EQ(guardians[0]["name"], "Ibu");  // the requester's own data
  EXPECT_EQ(guardians[1]["name"], kRedactedText);
  EXPECT_EQ(given->report.dump().find(kStepfatherNik), std::string::npos);
  EXPECT_EQ(given->report.dump().find("Suharyo"), std::string::npos);
  // The refusal is in the report's privacy section, with its reason.
  bool listed = false;
  for (const auto& r : given->report["privacy"]["access_requests"]) {
    listed = listed || (r["id"] == by_step->id && r["outcome"] == "refused" &&
                        r["refusal_reason"] == kRefusalRequesterEndangers);
  }
  EXPECT_TRUE(listed);
  ExpectVerified();
}

// UU 27/2022 art 33(a): when any disclosure endangers the subject, the
// direct subject-access call is refused and the refusal recorded.
TEST_F(SubjectAccessTest, EndangeringDisclosureIsRefusedAndRecordedUU27Art33) {
  DisclosureRisk risk;
  risk.endangers_subject = true;
  ASSERT_TRUE(
      book_->SetDisclosureRisk(child_.id, risk, "psikolog: risiko bunuh diri", DataOfficer()).ok());
  auto r = book_->SubjectAccess(child_.id, DataOfficer());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().reason(), "privacy.access_refused");
  EXPECT_EQ(r.status().message().find("Dewi"), std::string::npos);  // no personal data
  auto state = book_->PrivacyStateOf(child_.id);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->access_requests.size(), 1u);
  EXPECT_EQ(state->access_requests[0].outcome, AccessOutcome::kRefused);
  EXPECT_EQ(state->access_requests[0].refusal_reason, kRefusalEndangersSubject);
  // Lifting the decision restores access.
  ASSERT_TRUE(
      book_->SetDisclosureRisk(child_.id, DisclosureRisk{}, "psikolog: stabil", DataOfficer())
          .ok());
  EXPECT_TRUE(book_->SubjectAccess(child_.id, DataOfficer()).ok());
  ExpectVerified();
}

// UU 27/2022 art 33(b): workers' personal data and the values in the
// processing log are never disclosed; each redaction is listed with its
// reason. Narratives are withheld when the decision says they name third
// parties (the reporter, the alleged perpetrator).
TEST_F(SubjectAccessTest, ReportRedactsOtherPersonsWithReasonsUU27Art33) {
  auto report = book_->SubjectAccess(child_.id, DataOfficer());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const nlohmann::json& j = *report;
  EXPECT_EQ(j["cases"][0]["assigned_worker_id"], kRedactedText);
  EXPECT_EQ(j["consents"][0]["document_ref"], "form-001");  // kept without the flag
  for (const auto& e : j["processing_log"]) {
    EXPECT_FALSE(e.contains("changes"));
    EXPECT_TRUE(e.contains("changed_fields"));
    EXPECT_EQ(e["actor"]["person_id"], kRedactedText);
    EXPECT_EQ(e["actor"]["agency_id"], "dinsos-1571");
  }
  EXPECT_EQ(j.dump().find("worker-1"), std::string::npos);
  EXPECT_EQ(j.dump().find(kStepfatherNik), std::string::npos);  // subject asked: guardians redacted
  std::set<std::string> reasons;
  for (const auto& r : j["redactions"]) reasons.insert(r["reason"].get<std::string>());
  EXPECT_TRUE(reasons.contains(std::string(kRedactOtherPerson)));
  EXPECT_TRUE(reasons.contains(std::string(kRedactWorker)));
  EXPECT_TRUE(reasons.contains(std::string(kRedactLogValues)));
  EXPECT_FALSE(reasons.contains(std::string(kRedactNarrative)));

  DisclosureRisk risk;
  risk.withhold_narratives = true;
  ASSERT_TRUE(book_->SetDisclosureRisk(child_.id, risk, "pelapor tetangga", Supervisor()).ok());
  auto withheld = book_->SubjectAccess(child_.id, DataOfficer());
  ASSERT_TRUE(withheld.ok()) << withheld.status().ToString();
  EXPECT_EQ((*withheld)["consents"][0]["document_ref"], kRedactedText);
  bool narrative = false;
  for (const auto& r : (*withheld)["redactions"]) {
    narrative = narrative || r["reason"] == kRedactNarrative;
  }
  EXPECT_TRUE(narrative);
}

// A manual refusal needs one of the art 33 grounds and a reason.
TEST_F(SubjectAccessTest, ManualRefusalNeedsAnArt33GroundUU27Art33) {
  auto r = book_->RequestSubjectAccess(child_.id, AccessRequester::kSubject, "", DataOfficer());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(book_->RefuseSubjectAccess(child_.id, r->id, "too busy", "x", DataOfficer())
                .status()
                .reason(),
            "privacy.refusal_reason");
  auto refused = book_->RefuseSubjectAccess(child_.id, r->id, kRefusalEndangersOthers,
                                            "ancaman terhadap saksi", DataOfficer());
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->outcome, AccessOutcome::kRefused);
  EXPECT_TRUE(book_->PendingSubjectAccess(DataOfficer(), false)->empty());
  ExpectVerified();
}

// Who may do what: the decision is the case supervisor's, coordinator's or
// data officer's (Operation::kRestrict), not the worker's; requests are the
// data officer's (Operation::kSubjectAccess). Bad input names its field.
TEST_F(SubjectAccessTest, RolesAndInputAreChecked) {
  DisclosureRisk risk;
  risk.endangers_subject = true;
  EXPECT_EQ(book_->SetDisclosureRisk(child_.id, risk, "x", Worker()).code(),
            StatusCode::kPermissionDenied);
  risk.refused_guardian_ids = {"not-a-guardian"};
  EXPECT_EQ(book_->SetDisclosureRisk(child_.id, risk, "x", DataOfficer()).reason(),
            "privacy.unknown_guardian");
  EXPECT_EQ(book_->RequestSubjectAccess(child_.id, AccessRequester::kSubject, "", Worker())
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, "", DataOfficer())
                .status()
                .field(),
            "guardian_id");
  EXPECT_EQ(
      book_->RequestSubjectAccess(child_.id, AccessRequester::kGuardian, "nobody", DataOfficer())
          .status()
          .reason(),
      "privacy.unknown_guardian");
  EXPECT_EQ(book_->PendingSubjectAccess(Worker(), false).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace atensi::testing
