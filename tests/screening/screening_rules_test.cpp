// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/screening/screening_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace atensi {
namespace {

const Date kAt(2026, 11, 28);

RosterRecord Child(int age_years) {
  RosterRecord r;
  r.household_id = "H1";
  r.member_no = 3;
  r.name = "Synthetic";
  r.birth_date = Date(static_cast<unsigned short>(2026 - age_years), 6, 15);
  r.domicile = RegionCode::Parse("15.03.01.2001").value();
  r.has_birth_certificate = true;
  r.school = age_years >= 7 ? std::optional(SchoolParticipation::kAttending) : std::nullopt;
  r.pkh_participant_id = "PKH1";
  r.dtsen_decile = 2;
  r.nik = "1503011506100001";
  return r;
}

std::vector<std::string> Ids(const ScreeningResult& r) {
  std::vector<std::string> ids;
  for (const auto* m : r.matched) ids.push_back(m->id);
  return ids;
}

bool Matched(const ScreeningResult& r, std::string_view id) {
  auto ids = Ids(r);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const ScreeningRuleSet& Rules() { return ScreeningRuleSet::Default(); }

TEST(ScreeningDefaultRulesTest, LoadAndEveryRuleCitesASource) {
  EXPECT_EQ(Rules().version(), "default-2026.1");
  ASSERT_GE(Rules().rules().size(), 14u);
  for (const auto& rule : Rules().rules()) {
    EXPECT_FALSE(rule.source.empty()) << rule.id;
    EXPECT_FALSE(rule.description.empty()) << rule.id;
  }
}

TEST(ScreeningDefaultRulesTest, AChildWithNoProblemIsNotFlagged) {
  auto r = Rules().Screen(Child(10), kAt);
  EXPECT_TRUE(r.screened);
  EXPECT_TRUE(r.matched.empty());
  EXPECT_FALSE(r.open_case);
}

// UU 35/2014 art 1(1): a child is under 18. An 18-year-old is not screened.
TEST(ScreeningDefaultRulesTest, AdultsAreNotScreened) {
  RosterRecord adult = Child(10);
  adult.birth_date = Date(2008, 11, 28);  // 18 today
  adult.problems = {ReportedProblem::kKekerasan};
  auto r = Rules().Screen(adult, kAt);
  EXPECT_FALSE(r.screened);
  EXPECT_TRUE(r.matched.empty());
  adult.birth_date = Date(2008, 11, 29);  // 18 tomorrow: still a child
  EXPECT_TRUE(Rules().Screen(adult, kAt).screened);
}

struct ProblemCase {
  ReportedProblem problem;
  const char* rule;
  std::optional<AmpkCategory> ampk;
  RiskLevel risk;
};

// Each problem rule and the UU 35/2014 art 59(2) category it implies.
TEST(ScreeningDefaultRulesTest, ReportedProblemsMapToTheirArticle59Categories) {
  const ProblemCase cases[] = {
      {ReportedProblem::kKekerasan, "screen.violence", AmpkCategory::kKekerasanFisikPsikis,
       RiskLevel::kHigh},  // art 59(2)i
      {ReportedProblem::kKekerasanSeksual, "screen.sexual_violence",
       AmpkCategory::kKejahatanSeksual, RiskLevel::kHigh},  // art 59(2)j
      {ReportedProblem::kEksploitasi, "screen.exploitation",
       AmpkCategory::kEksploitasiEkonomiSeksual, RiskLevel::kHigh},  // art 59(2)d
      {ReportedProblem::kPerdagangan, "screen.trafficking",
       AmpkCategory::kPenculikanPenjualanPerdagangan, RiskLevel::kHigh},  // art 59(2)h
      {ReportedProblem::kPekerjaAnak, "screen.child_labour",
       AmpkCategory::kEksploitasiEkonomiSeksual, RiskLevel::kMedium},                 // art 59(2)d
      {ReportedProblem::kAbh, "screen.abh", AmpkCategory::kAbh, RiskLevel::kMedium},  // art 59(2)b
      {ReportedProblem::kNapza, "screen.napza", AmpkCategory::kKorbanNapza,
       RiskLevel::kMedium},  // art 59(2)e
      {ReportedProblem::kPenelantaran, "screen.neglect", AmpkCategory::kPerlakuanSalahPenelantaran,
       RiskLevel::kMedium},  // art 59(2)m
      {ReportedProblem::kAnakJalanan, "screen.street_child", std::nullopt,
       RiskLevel::kMedium},  // ATENSI Anak guideline [S41]
      {ReportedProblem::kPerkawinanAnak, "screen.child_marriage", std::nullopt,
       RiskLevel::kMedium},  // UU 16/2019 art 7(1)
  };
  for (const auto& c : cases) {
    RosterRecord row = Child(14);
    row.problems = {c.problem};
    auto r = Rules().Screen(row, kAt);
    EXPECT_TRUE(Matched(r, c.rule)) << c.rule;
    EXPECT_EQ(r.matched.size(), 1u) << c.rule;
    if (c.ampk) {
      EXPECT_TRUE(r.ampk.Has(*c.ampk)) << c.rule;
    }
    EXPECT_EQ(r.risk, c.risk) << c.rule;
    EXPECT_TRUE(r.open_case) << c.rule;
  }
}

// Anak balita telantar: aged 5 or under (PMKS criterion, atensi.md §5.1).
TEST(ScreeningDefaultRulesTest, NeglectedUnderFiveIsHighRisk) {
  RosterRecord row = Child(4);
  row.problems = {ReportedProblem::kPenelantaran};
  auto r = Rules().Screen(row, kAt);
  EXPECT_TRUE(Matched(r, "screen.neglect_under_five"));
  EXPECT_EQ(r.risk, RiskLevel::kHigh);
  EXPECT_NE(std::find(r.ppks.begin(), r.ppks.end(), ChildPpksType::kAnakBalitaTelantar),
            r.ppks.end());
  row.birth_date = Date(2020, 6, 15);  // 6 years old
  EXPECT_FALSE(Matched(Rules().Screen(row, kAt), "screen.neglect_under_five"));
}

// UU 35/2014 art 59(2)l; seed [S6]: the disability assistant.
TEST(ScreeningDefaultRulesTest, DisabilityWithoutAssistance) {
  RosterRecord row = Child(9);
  row.disability_code = 3;
  row.disability_assisted = false;
  auto r = Rules().Screen(row, kAt);
  EXPECT_TRUE(Matched(r, "screen.disability_unassisted"));
  EXPECT_TRUE(r.ampk.Has(AmpkCategory::kDisabilitas));
  row.disability_assisted = true;
  EXPECT_FALSE(Matched(Rules().Screen(row, kAt), "screen.disability_unassisted"));
  row.disability_assisted.reset();  // unknown: not asserted either way
  EXPECT_FALSE(Matched(Rules().Screen(row, kAt), "screen.disability_unassisted"));
}

TEST(ScreeningDefaultRulesTest, SchoolAgeOutOfSchool) {
  RosterRecord row = Child(12);
  row.school = SchoolParticipation::kNoLonger;
  EXPECT_TRUE(Matched(Rules().Screen(row, kAt), "screen.out_of_school"));
  row.school = SchoolParticipation::kNeverAttended;
  EXPECT_TRUE(Matched(Rules().Screen(row, kAt), "screen.out_of_school"));
  RosterRecord young = Child(5);
  young.school = SchoolParticipation::kNeverAttended;
  EXPECT_FALSE(Matched(Rules().Screen(young, kAt), "screen.out_of_school"));
}

// UU 23/2002 art 27 (as amended by UU 35/2014): identity from birth, in an akta.
TEST(ScreeningDefaultRulesTest, NoBirthCertificateOpensALowRiskCase) {
  RosterRecord row = Child(3);
  row.has_birth_certificate = false;
  auto r = Rules().Screen(row, kAt);
  EXPECT_TRUE(Matched(r, "screen.no_birth_certificate"));
  EXPECT_TRUE(r.open_case);
  EXPECT_EQ(r.risk, RiskLevel::kLow);
  row.has_birth_certificate.reset();
  EXPECT_FALSE(Matched(Rules().Screen(row, kAt), "screen.no_birth_certificate"));
}

TEST(ScreeningDefaultRulesTest, PovertyWithoutDtsenIsFlaggedWithoutACase) {
  RosterRecord row = Child(8);
  row.pkh_participant_id.clear();
  row.dtsen_decile.reset();
  auto r = Rules().Screen(row, kAt);
  EXPECT_TRUE(Matched(r, "screen.poverty_unregistered"));
  EXPECT_FALSE(r.open_case);
}

TEST(ScreeningDefaultRulesTest, SeveralRulesCombineCategoriesAndTakeTheHighestRisk) {
  RosterRecord row = Child(15);
  row.problems = {ReportedProblem::kAbh, ReportedProblem::kKekerasanSeksual};
  row.has_birth_certificate = false;
  auto r = Rules().Screen(row, kAt);
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"screen.sexual_violence", "screen.abh",
                                              "screen.no_birth_certificate"}));
  EXPECT_TRUE(r.ampk.Has(AmpkCategory::kAbh));
  EXPECT_TRUE(r.ampk.Has(AmpkCategory::kKejahatanSeksual));
  EXPECT_EQ(r.risk, RiskLevel::kHigh);
}

std::string Wrap(const std::string& rule) {
  return "{\n  \"format\": \"atensi.screening_rules/1\",\n  \"version\": \"t\",\n"
         "  \"effective_from\": \"2020-01-01\",\n  \"rules\": [\n" +
         rule + "\n  ]\n}\n";
}

TEST(ScreeningLoaderTest, ErrorsNameTheLineAndTheRule) {
  auto bad = ScreeningRuleSet::Load(
      Wrap("    {\"id\": \"r1\", \"description\": \"d\", \"source\": \"s\",\n"
           "     \"when\": {\"problemz\": [\"abh\"]},\n"
           "     \"then\": {\"risk\": \"low\", \"open_case\": true}}"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 7"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("rule 'r1'"), std::string::npos);
  EXPECT_EQ(bad.status().reason(), "screening_rules.predicate");
}

TEST(ScreeningLoaderTest, RefusesBadValues) {
  auto cat = ScreeningRuleSet::Load(Wrap(
      R"({"id": "r", "description": "d", "source": "s", "when": {"pkh": true},
          "then": {"ampk": ["not_a_category"], "risk": "low", "open_case": true}})"));
  EXPECT_EQ(cat.status().reason(), "screening_rules.ampk");
  auto nosource = ScreeningRuleSet::Load(Wrap(
      R"({"id": "r", "description": "d", "source": "", "when": {"pkh": true},
          "then": {"risk": "low", "open_case": true}})"));
  EXPECT_EQ(nosource.status().reason(), "screening_rules.source");
  auto adult = ScreeningRuleSet::Load(Wrap(
      R"({"id": "r", "description": "d", "source": "s", "when": {"age_between": [5, 20]},
          "then": {"risk": "low", "open_case": true}})"));
  EXPECT_EQ(adult.status().reason(), "screening_rules.age_between");
  auto dup = ScreeningRuleSet::Load(Wrap(
      R"({"id": "r", "description": "d", "source": "s", "when": {"pkh": true},
          "then": {"risk": "low", "open_case": true}},
         {"id": "r", "description": "d", "source": "s", "when": {"pkh": true},
          "then": {"risk": "low", "open_case": true}})"));
  EXPECT_EQ(dup.status().reason(), "screening_rules.duplicate_id");
  auto syntax = ScreeningRuleSet::Load("{\"format\": ");
  EXPECT_FALSE(syntax.ok());
  auto format = ScreeningRuleSet::Load(R"({"format": "other/1", "version": "x", "rules": []})");
  EXPECT_FALSE(format.ok());
}

TEST(ScreeningLoaderTest, EffectiveDatesAreRespected) {
  auto set = ScreeningRuleSet::Load(Wrap(
      R"({"id": "late", "description": "d", "source": "s", "effective_from": "2027-01-01",
          "when": {"pkh": true}, "then": {"risk": "low", "open_case": true}})"));
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_TRUE(set->Screen(Child(9), kAt).matched.empty());
  EXPECT_EQ(set->Screen(Child(9), Date(2027, 2, 1)).matched.size(), 1u);
}

}  // namespace
}  // namespace atensi
