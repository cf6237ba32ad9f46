// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-subject duties through the Casebook (UU 27/2022): subject access
// (art 32), correction and restriction requests, legal hold and the purge at
// the end of retention (arts 42-44) with the audit chain still verifying.

#include <gtest/gtest.h>

#include "atensi/privacy/tombstone.h"
#include "store/casebook_fixture.h"
#include "store/trusted_reads.h"

namespace atensi {
namespace {

using ::atensi::testing::CasebookTest;
using ::atensi::testing::Worker;

Actor DataOfficer() {
  Actor a;
  a.person_id = "officer-1";
  a.agency_id = "dinsos-1571";
  a.role = Role::kDataOfficer;
  return a;
}

constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;

class PrivacyTest : public CasebookTest {
 protected:
  void SetUp() override {
    CasebookTest::SetUp();
    child_ = Register("Siti Aminah", "15.71.01.1001", "1571014505150001");
    case_ = Open(child_);
    cmd::RecordConsent consent = ::atensi::testing::Consent(child_);
    consent.purposes.push_back(ConsentPurpose::kStatistics);
    case_ = Do(case_, consent);
  }
  Child child_;
  Case case_;
};

// UU 27/2022 art 32: all data held plus the processing log.
TEST_F(PrivacyTest, SubjectAccessHoldsEverythingAndIsLogged) {
  auto report = book_->SubjectAccess(child_.id, DataOfficer());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const nlohmann::json& j = *report;
  EXPECT_EQ(j["format"], "atensi.subject_access.v2");
  EXPECT_EQ(j["child"]["name"], "Siti Aminah");
  EXPECT_EQ(j["child"]["nik"], "1571014505150001");
  ASSERT_EQ(j["cases"].size(), 1u);
  EXPECT_EQ(j["cases"][0]["id"], case_.id);
  // Consent item by item: who (guardian), relation, when, how, purposes.
  ASSERT_EQ(j["consents"].size(), 1u);
  EXPECT_EQ(j["consents"][0]["given_by_guardian_id"], child_.guardians[0].id);
  EXPECT_EQ(j["consents"][0]["relation"], "mother");
  EXPECT_EQ(j["consents"][0]["form"], "written");
  EXPECT_EQ(j["consents"][0]["purposes"].size(), 3u);
  EXPECT_TRUE(j["consents"][0]["withdrawn_at"].is_null());
  // Processing log: register_child, open_case, record_consent and the
  // request itself (art 32: recorded with its 3x24 h deadline).
  ASSERT_EQ(j["processing_log"].size(), 4u);
  EXPECT_EQ(j["processing_log"][0]["action"], "register_child");
  bool request_logged = false;
  for (const auto& e : j["processing_log"]) {
    request_logged = request_logged || e["action"] == "privacy.access_request";
  }
  EXPECT_TRUE(request_logged);
  EXPECT_EQ(j["request"]["outcome"], "fulfilled");
  EXPECT_EQ(j["request"]["requester"], "subject");
  EXPECT_EQ(j["retention"]["status"], "retention.open_case");
  EXPECT_TRUE(j.contains("referrals"));
  EXPECT_TRUE(j.contains("transfers"));
  EXPECT_TRUE(j.contains("routing_decisions"));
  EXPECT_TRUE(j.contains("roster_facts"));
  // The access itself is in the access log of the next report.
  auto again = book_->SubjectAccess(child_.id, DataOfficer());
  ASSERT_TRUE(again.ok());
  bool logged = false;
  for (const auto& a : (*again)["access_log"]) {
    // The officer's person id is a worker's personal data (art 33): redacted.
    logged = logged || (a["operation"] == "subject_access" && a["role"] == "data_officer" &&
                        a["person_id"] == "[redacted]");
  }
  EXPECT_TRUE(logged) << (*again)["access_log"].dump();
}

TEST_F(PrivacyTest, SubjectAccessIsTheDataOfficersJob) {
  auto r = book_->SubjectAccess(child_.id, Worker());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
}

// Restriction of processing (UU 27/2022; article number UNCONFIRMED,
// atensi.md §11): stored only until lifted.
TEST_F(PrivacyTest, RestrictionStopsProcessingUntilLifted) {
  ASSERT_TRUE(book_->RestrictProcessing(child_.id, "request 2026/11/001", DataOfficer()).ok());
  auto state = book_->PrivacyStateOf(child_.id);
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->restricted);
  clock_.AdvanceMillis(1000);
  auto act =
      book_->Act(case_.id, case_.version, cmd::Close{ClosureReason::kLostContact, ""}, Worker());
  EXPECT_EQ(act.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(act.status().reason(), "privacy.restricted");
  auto route = book_->RouteCase(case_.id, Worker());
  EXPECT_EQ(route.status().reason(), "privacy.restricted");
  // The data subject's own rights still work while restricted.
  EXPECT_TRUE(book_->SubjectAccess(child_.id, DataOfficer()).ok());
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
  // Lifting restores processing.
  ASSERT_TRUE(book_->LiftRestriction(child_.id, "request 2026/11/001 done", DataOfficer()).ok());
  EXPECT_FALSE(book_->PrivacyStateOf(child_.id)->restricted);
  case_ = Do(case_, cmd::Close{ClosureReason::kLostContact, ""});
  EXPECT_EQ(case_.stage, Stage::kClosed);
  // Both requests are in the child's chain.
  auto history = internal::Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(history.ok());
  int restrict_events = 0;
  for (const Event& e : *history) {
    if (e.action == "privacy.restrict" || e.action == "privacy.lift_restriction") {
      ++restrict_events;
    }
  }
  EXPECT_EQ(restrict_events, 2);
}

// Correction right (UU 27/2022; article number UNCONFIRMED): the request is
// recorded, and closed by the corrected record.
TEST_F(PrivacyTest, CorrectionRequestIsRecordedAndClosedByTheCorrection) {
  auto id = book_->RequestCorrection(child_.id, "nama ibu salah eja", DataOfficer());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(book_->PrivacyStateOf(child_.id)->open_corrections, std::vector<std::string>{*id});
  Child fixed = child_;
  fixed.guardians[0].name = "Ibu Aminah";
  auto done = book_->CorrectChild(fixed, *id, DataOfficer());
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(book_->PrivacyStateOf(child_.id)->open_corrections.empty());
  EXPECT_EQ(book_->CorrectChild(fixed, *id, DataOfficer()).status().reason(),
            "privacy.correction_not_found");
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

// UU 27/2022 art 44: destroyed at the end of retention; the chain still
// verifies and the case still counts.
TEST_F(PrivacyTest, PurgeDestroysPersonalDataAndTheChainStillVerifies) {
  case_ = Do(case_, cmd::Close{ClosureReason::kLostContact, "keluarga pindah"});
  // Not yet: the default keeps a closed case file 10 years and until 18.
  auto early = book_->PurgeChild(child_.id, DataOfficer(), /*dry_run=*/false);
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->children_purged, 0);
  EXPECT_EQ(early->items.at(0).reason, "retention.running");
  clock_.AdvanceMillis(11 * kYearMs);
  // A dry run reports without writing.
  auto dry = book_->PurgeChild(child_.id, DataOfficer(), /*dry_run=*/true);
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->children_due, 1);
  EXPECT_EQ(dry->children_purged, 0);
  EXPECT_EQ(internal::Trusted(book_).GetChild(child_.id)->name, "Siti Aminah");

  auto purged = book_->PurgeChild(child_.id, DataOfficer(), /*dry_run=*/false);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->children_purged, 1);
  EXPECT_GE(purged->events_purged, 4);
  auto child = internal::Trusted(book_).GetChild(child_.id);
  ASSERT_TRUE(child.ok());
  EXPECT_TRUE(IsTombstone(*child));
  EXPECT_EQ(child->birth_date, Date(2015, 1, 1));
  EXPECT_FALSE(internal::Trusted(book_).FindChildByNik("1571014505150001")->has_value());
  auto c = internal::Trusted(book_).GetCase(case_.id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->stage, Stage::kClosed);
  EXPECT_EQ(c->opened_at, case_.opened_at);
  EXPECT_EQ(c->closure->note, kPurgedText);
  // Event payloads are gone; the ids, actions and dates stay.
  auto timeline = internal::Trusted(book_).ChildTimeline(child_.id);
  ASSERT_TRUE(timeline.ok());
  for (const Event& e : *timeline) {
    if (e.action == "purge") continue;
    EXPECT_TRUE(e.payload_purged_at.has_value()) << e.action;
    EXPECT_EQ(e.changes, nlohmann::json::object()) << e.action;
    EXPECT_EQ(e.reason, "");
  }
  // verify passes: tombstones verify by their payload digests.
  auto v = internal::Trusted(book_).Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << (v->first_broken ? v->first_broken->reason : "");
  ASSERT_TRUE(book_->Checkpoint().ok());
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
  // Purging again does nothing.
  auto again = book_->PurgeChild(child_.id, DataOfficer(), false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->items.at(0).reason, "retention.already_purged");
  // The report still counts the case (regency kept).
  auto report = internal::Trusted(book_).ProvinceReportFor(*RegionCode::Parse("15"), clock_.Now());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->cases_total, 1);
}

TEST_F(PrivacyTest, OpenCasesAndLegalHoldsAreNeverPurged) {
  clock_.AdvanceMillis(30 * kYearMs);
  auto open = book_->PurgeChild(child_.id, DataOfficer(), false);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->items.at(0).reason, "retention.open_case");
  case_ = Do(case_, cmd::Close{ClosureReason::kLostContact, ""});
  ASSERT_TRUE(
      book_->SetLegalHold(child_.id, true, "perkara 12/Pid.Sus-Anak/2056", DataOfficer()).ok());
  clock_.AdvanceMillis(30 * kYearMs);
  auto held = book_->Purge(DataOfficer(), false);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  EXPECT_EQ(held->children_purged, 0);
  EXPECT_EQ(internal::Trusted(book_).GetChild(child_.id)->name, "Siti Aminah");
  ASSERT_TRUE(book_->SetLegalHold(child_.id, false, "perkara selesai", DataOfficer()).ok());
  auto released = book_->Purge(DataOfficer(), false);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->children_purged, 1);
  EXPECT_TRUE(internal::Trusted(book_).Verify()->ok);
}

TEST_F(PrivacyTest, PurgeIsTheDataOfficersJob) {
  EXPECT_EQ(book_->PurgeChild(child_.id, Worker(), true).status().code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace atensi
