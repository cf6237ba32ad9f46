// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The pure privacy rules: retention periods (UU 27/2022 arts 42-44),
// tombstones, pseudonyms, export purposes against consent (arts 20-25).

#include "atensi/privacy/retention.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "atensi/privacy/export_consent.h"
#include "atensi/privacy/pseudonym.h"
#include "atensi/privacy/tombstone.h"

namespace atensi {
namespace {

Instant At(unsigned short y, unsigned short m, unsigned short d) {
  return StartOfDayUtc(Date(y, m, d));
}

Child Kid() {
  Child c;
  c.id = "0193a000-0000-7000-8000-0000000000aa";
  c.name = "Siti Aminah";
  c.nik = "1571014505150001";
  c.sex = Sex::kFemale;
  c.birth_date = Date(2015, 5, 5);
  c.domicile_region = "15.71.01.1001";
  Guardian g;
  g.id = "0193a000-0000-7000-8000-000000000001";
  g.name = "Ibu Aminah";
  g.role = GuardianRole::kMother;
  c.guardians.push_back(g);
  c.roster_key = "IDBDT1/2";
  return c;
}

Case ClosedCase(Instant closed_at) {
  Case c;
  c.id = "0193a000-0000-7000-8000-0000000000cc";
  c.child_id = Kid().id;
  c.version = 2;
  c.opened_at = At(2020, 1, 1);
  c.stage = Stage::kClosed;
  c.lead_agency_id = "dinsos-1571";
  c.assessment_summary = "Ayah di penjara; anak tinggal dengan nenek";
  c.closure = Closure{ClosureReason::kGoalsAchieved, closed_at, "worker-1", "anak kembali sekolah"};
  return c;
}

// The shipped data file is the compiled-in default (one source of truth an
// integrator can copy and edit).
TEST(RetentionPolicyTest, DataFileEqualsTheDefault) {
  std::ifstream f(std::string(ATENSI_SOURCE_DIR) + "/data/retention_policy.json");
  ASSERT_TRUE(f) << "data/retention_policy.json";
  std::stringstream text;
  text << f.rdbuf();
  auto parsed = ParseRetentionPolicy(nlohmann::json::parse(text.str()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(ToJson(*parsed), ToJson(DefaultRetentionPolicy()));
}

TEST(RetentionPolicyTest, EveryRowNeedsALegalBasisAndEveryCategoryARow) {
  nlohmann::json j = ToJson(DefaultRetentionPolicy());
  j["rules"][0]["legal_basis"] = "";
  EXPECT_EQ(ParseRetentionPolicy(j).status().reason(), "retention.legal_basis");
  j = ToJson(DefaultRetentionPolicy());
  j["rules"].erase(1);
  auto missing = ParseRetentionPolicy(j);
  EXPECT_EQ(missing.status().reason(), "retention.missing");
  EXPECT_EQ(missing.status().field(), "child_without_case");
  j = ToJson(DefaultRetentionPolicy());
  j["rules"][1]["category"] = "case_file";
  EXPECT_EQ(ParseRetentionPolicy(j).status().reason(), "retention.category");
  j = ToJson(DefaultRetentionPolicy());
  j["rules"][0]["years"] = -1;
  EXPECT_EQ(ParseRetentionPolicy(j).status().reason(), "retention.years");
}

// UU 27/2022 art 44: destroy when the retention period has expired, but
// not while the data is still processed for its purpose (an open case) and
// not when it is needed for legal proceedings.
TEST(RetentionTest, OpenCaseIsNeverDue) {
  Case open = ClosedCase(At(2020, 6, 1));
  open.stage = Stage::kIntake;
  open.closure.reset();
  RetentionVerdict v = AssessRetention(Kid(), {open}, false, At(2020, 1, 1), At(2090, 1, 1),
                                       DefaultRetentionPolicy(), 420);
  EXPECT_FALSE(v.due);
  EXPECT_EQ(v.reason, "retention.open_case");
}

TEST(RetentionTest, ClosedCaseIsDueTenYearsAfterClosureButNotBeforeEighteen) {
  // Closed 2020-06-01: 10 years -> 2030-06-01; the child (born 2015-05-05)
  // turns 18 on 2033-05-05, the later date wins (default not_before_age 18).
  const std::vector<Case> cases{ClosedCase(At(2020, 6, 1))};
  const RetentionPolicy& p = DefaultRetentionPolicy();
  RetentionVerdict running =
      AssessRetention(Kid(), cases, false, At(2020, 1, 1), At(2031, 1, 1), p, 0);
  EXPECT_FALSE(running.due);
  EXPECT_EQ(running.reason, "retention.running");
  ASSERT_TRUE(running.ends_at.has_value());
  EXPECT_EQ(*running.ends_at, At(2033, 5, 5));
  RetentionVerdict ended =
      AssessRetention(Kid(), cases, false, At(2020, 1, 1), At(2033, 5, 5), p, 0);
  EXPECT_TRUE(ended.due);
  EXPECT_EQ(ended.reason, "retention.ended");
  EXPECT_EQ(ended.category, RetentionCategory::kCaseFile);
  // Legal hold (art 44: not destroyed while related to legal proceedings).
  RetentionVerdict held = AssessRetention(Kid(), cases, true, At(2020, 1, 1), At(2040, 1, 1), p, 0);
  EXPECT_FALSE(held.due);
  EXPECT_EQ(held.reason, "retention.legal_hold");
}

TEST(RetentionTest, ChildWithoutCaseCountsFromRegistration) {
  // UU 27/2022 art 43: the purpose (screening) is achieved; default 2 years.
  RetentionVerdict v = AssessRetention(Kid(), {}, false, At(2026, 1, 10), At(2028, 1, 10),
                                       DefaultRetentionPolicy(), 0);
  EXPECT_EQ(v.category, RetentionCategory::kChildWithoutCase);
  EXPECT_TRUE(v.due);
  v = AssessRetention(Kid(), {}, false, At(2026, 1, 10), At(2028, 1, 9), DefaultRetentionPolicy(),
                      0);
  EXPECT_FALSE(v.due);
}

TEST(TombstoneTest, ChildKeepsOnlyWhatStatisticsNeed) {
  Child t = TombstoneChild(Kid());
  EXPECT_EQ(t.id, Kid().id);
  EXPECT_EQ(t.name, kPurgedText);
  EXPECT_FALSE(t.nik.has_value());
  EXPECT_TRUE(t.guardians.empty());
  EXPECT_FALSE(t.roster_key.has_value());
  EXPECT_EQ(t.birth_date, Date(2015, 1, 1));  // the year only
  EXPECT_EQ(t.domicile_region, "15.71");      // regency/city only
  EXPECT_EQ(t.sex, Sex::kFemale);
  EXPECT_TRUE(IsTombstone(t));
  EXPECT_FALSE(IsTombstone(Kid()));
  EXPECT_EQ(TombstoneChild(t), t);  // idempotent
}

TEST(TombstoneTest, CaseLosesItsNarrativesNotItsShape) {
  Case c = ClosedCase(At(2020, 6, 1));
  ConsentRecord r;
  r.id = "0193a000-0000-7000-8000-0000000000c1";
  r.guardian_id = Kid().guardians[0].id;
  r.purposes = {ConsentPurpose::kAssessment};
  r.given_at = At(2020, 1, 2);
  r.recorded_by = "worker-1";
  r.document_ref = "scan of the form signed by Ibu Aminah";
  c.consents.push_back(r);
  auto t = TombstoneCase(c);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->id, c.id);
  EXPECT_EQ(t->stage, Stage::kClosed);
  EXPECT_EQ(t->opened_at, c.opened_at);
  EXPECT_EQ(t->closure->closed_at, c.closure->closed_at);
  EXPECT_EQ(t->closure->reason, c.closure->reason);
  EXPECT_EQ(t->assessment_summary, kPurgedText);
  EXPECT_EQ(t->closure->note, kPurgedText);
  EXPECT_EQ(t->consents.at(0).document_ref, kPurgedText);
  EXPECT_EQ(t->consents.at(0).purposes, r.purposes);
  EXPECT_EQ(t->lead_agency_id, c.lead_agency_id);
}

TEST(PseudonymTest, StableUnderOneKeyUnlinkableAcrossKeys) {
  auto k1 = PseudonymKey::FromText(std::string(64, 'a'));
  auto k1_again = PseudonymKey::FromText("  " + std::string(64, 'a') + "\n");
  auto k2 = PseudonymKey::FromText(std::string(64, 'b'));
  ASSERT_TRUE(k1.ok() && k1_again.ok() && k2.ok());
  const std::string id = Kid().id;
  const std::string p = k1->Pseudonymise(id);
  EXPECT_EQ(p.size(), 34u);
  EXPECT_EQ(p.rfind("p_", 0), 0u);
  EXPECT_EQ(p, k1_again->Pseudonymise(id));
  EXPECT_NE(p, k2->Pseudonymise(id));
  EXPECT_NE(p, k1->Pseudonymise("0193a000-0000-7000-8000-0000000000ab"));
  EXPECT_EQ(p.find(id), std::string::npos);
  EXPECT_EQ(PseudonymKey::FromText("abcd").status().reason(), "privacy.pseudonym_key");
  EXPECT_EQ(PseudonymKey::FromText(std::string(64, 'z')).status().reason(),
            "privacy.pseudonym_key");
}

// UU 27/2022 art 22 (consent itemised per purpose), art 25 (children: the
// parent's or guardian's consent), art 20(2) (a legal basis other than
// consent).
TEST(ExportConsentTest, EachExportPurposeNeedsItsOwnCover) {
  Case c = ClosedCase(At(2026, 6, 1));
  const Instant now = At(2026, 7, 1);
  EXPECT_TRUE(CheckExportConsent(c, ExportPurpose::kReporting, now, 420).ok());
  EXPECT_EQ(CheckExportConsent(c, ExportPurpose::kAnalysis, now, 420).reason(),
            "export.consent_purpose");
  EXPECT_EQ(CheckExportConsent(c, ExportPurpose::kDisclosure, now, 420).reason(),
            "export.consent_purpose");
  ConsentRecord r;
  r.id = "0193a000-0000-7000-8000-0000000000c1";
  r.guardian_id = Kid().guardians[0].id;
  r.purposes = {ConsentPurpose::kAssessment, ConsentPurpose::kServices};
  r.given_at = At(2026, 1, 1);
  c.consents.push_back(r);
  // Consent to casework does not cover analysis (no bundling, art 22).
  EXPECT_FALSE(CheckExportConsent(c, ExportPurpose::kAnalysis, now, 420).ok());
  c.consents[0].purposes.push_back(ConsentPurpose::kStatistics);
  EXPECT_TRUE(CheckExportConsent(c, ExportPurpose::kAnalysis, now, 420).ok());
  EXPECT_FALSE(CheckExportConsent(c, ExportPurpose::kDisclosure, now, 420).ok());
  // Withdrawal ends it.
  c.consents[0].withdrawn_at = At(2026, 6, 15);
  EXPECT_FALSE(CheckExportConsent(c, ExportPurpose::kAnalysis, now, 420).ok());
  // A court order stands in for consent to disclosure.
  LegalBasis b;
  b.id = "0193a000-0000-7000-8000-0000000000b1";
  b.kind = LegalBasisKind::kCourtOrder;
  b.reference = "12/Pdt.P/2026/PN Jmb";
  b.issued_on = Date(2026, 5, 1);
  c.legal_bases.push_back(b);
  EXPECT_TRUE(CheckExportConsent(c, ExportPurpose::kDisclosure, now, 420).ok());
  EXPECT_EQ(Name(ConsentPurpose::kStatistics), "statistics");
  EXPECT_EQ(ParseConsentPurpose("statistics"), ConsentPurpose::kStatistics);
}

}  // namespace
}  // namespace atensi
