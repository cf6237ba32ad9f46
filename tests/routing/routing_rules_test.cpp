// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Loading routing rules: validation errors carry the JSON line and rule id;
// conditions compile and evaluate; rule sets and rules are effective-dated.

#include "atensi/routing/routing_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing_util::BaseFacts;
using testing_util::Code;
using testing_util::D;
using testing_util::DefaultRegistry;
using testing_util::DefaultRules;

// Lines 1-5 of every test document; rules start on line 6.
std::string Doc(const std::string& rules) {
  return "{\n  \"format\": \"atensi.routing_rules/1\",\n  \"version\": \"t\",\n"
         "  \"effective_from\": \"2020-01-01\",\n  \"rules\": [\n" +
         rules + "\n  ]\n}\n";
}

// One rule on one line, with the given condition.
std::string OneLine(const std::string& id, const std::string& when, int order = 1) {
  return R"(    {"id": ")" + id + R"(", "description": "d", "source": "s", "order": )" +
         std::to_string(order) + R"(, "when": )" + when +
         R"(, "actions": [{"involve": {"type": "tksk"}, "role": "lead", "reason": "r"}]})";
}

Status LoadStatus(const std::string& text) {
  auto r = RuleSet::FromJson(text);
  return r.ok() ? Status::Ok() : r.status();
}

TEST(RuleSetLoadTest, DefaultRulesLoadAndEveryRuleCitesItsSource) {
  const RuleSet& rules = DefaultRules();
  EXPECT_EQ(rules.version(), "default-2020.1");
  EXPECT_EQ(rules.effective_from(), D("2020-09-01"));
  ASSERT_GE(rules.rules().size(), 12u);
  std::set<std::string> ids;
  int last_order = -1;
  for (const Rule& r : rules.rules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_TRUE(r.source.find("[S") != std::string::npos ||
                r.source.find("atensi.md") != std::string::npos)
        << r.id;
    EXPECT_GE(r.order, last_order);
    last_order = r.order;
    EXPECT_GT(r.line, 5);
    for (const RuleAction& a : r.actions) EXPECT_FALSE(a.reason.empty()) << r.id;
  }
  EXPECT_TRUE(rules.CheckAgainst(DefaultRegistry()).ok());
}

TEST(RuleSetLoadTest, UnknownPredicateNamesLineAndRule) {
  Status s = LoadStatus(
      Doc(OneLine("first", R"({"always": true})") + ",\n" + OneLine("second", R"({"pkh": true})")));
  EXPECT_EQ(s.reason(), "routing_rules.predicate_unknown");
  EXPECT_THAT(s.message(), StartsWith("line 7, rule 'second': unknown predicate 'pkh'"));
  EXPECT_EQ(s.field(), "/rules/1/when/pkh");
}

TEST(RuleSetLoadTest, ErrorsInsideNestedConditionsAndActionsNameTheirLine) {
  std::string nested = R"(    {"id": "deep", "description": "d", "source": "s", "order": 1,
     "when": {"all": [
       {"pkh_participant": true},
       {"category_in": ["abh", "bogus"]}
     ]},
     "actions": [{"involve": {"type": "tksk"}, "role": "lead", "reason": "r"}]})";
  Status s = LoadStatus(Doc(nested));
  EXPECT_EQ(s.reason(), "routing_rules.category_unknown");
  EXPECT_THAT(s.message(), StartsWith("line 9, rule 'deep'"));

  std::string bad_role = R"(    {"id": "act", "description": "d", "source": "s", "order": 1,
     "when": {"always": true},
     "actions": [
       {"involve": {"type": "tksk"}, "role": "boss", "reason": "r"}
     ]})";
  s = LoadStatus(Doc(bad_role));
  EXPECT_EQ(s.reason(), "routing_rules.role_unknown");
  EXPECT_THAT(s.message(), StartsWith("line 9, rule 'act'"));

  std::string bad_type = R"(    {"id": "typ", "description": "d", "source": "s", "order": 1,
     "when": {"always": true},
     "actions": [{"involve": {"type": "dinas"}, "role": "lead", "reason": "r"}]})";
  s = LoadStatus(Doc(bad_type));
  EXPECT_EQ(s.reason(), "routing_rules.agency_type_unknown");
  EXPECT_THAT(s.message(), StartsWith("line 8, rule 'typ'"));
}

TEST(RuleSetLoadTest, RejectsStructuralMistakes) {
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"always": true})") + ",\n" +
                           OneLine("a", R"({"always": true})")))
                .reason(),
            "routing_rules.duplicate_id");
  EXPECT_EQ(LoadStatus(Doc(OneLine("A b", R"({"always": true})"))).reason(),
            "routing_rules.id_format");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"always": true, "abh": true})"))).reason(),
            "routing_rules.condition");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"age_between": [10, 20]})"))).reason(),
            "routing_rules.age_range");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"decile_max": 11})"))).reason(),
            "routing_rules.condition");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"risk_at_least": "extreme"})"))).reason(),
            "routing_rules.condition");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"programme_outcome": {"programme": "x",
            "outcome": "handled"}})")))
                .reason(),
            "routing_rules.programme_unknown");
  EXPECT_EQ(LoadStatus(Doc(OneLine("a", R"({"all": []})"))).reason(), "routing_rules.condition");
  EXPECT_EQ(LoadStatus(Doc(R"(    {"id": "a", "description": "d", "source": "", "order": 1,
      "when": {"always": true}, "actions": [{"involve": {"type": "tksk"}, "role": "lead", "reason": "r"}]})"))
                .reason(),
            "routing_rules.source_missing");
  EXPECT_EQ(LoadStatus(Doc(R"(    {"id": "a", "description": "d", "source": "s", "order": 1,
      "when": {"always": true}, "actions": []})"))
                .reason(),
            "routing_rules.actions");
  EXPECT_EQ(LoadStatus("{\"format\": \"atensi.routing_rules/2\", \"version\": \"v\"}").reason(),
            "routing_rules.format");
  Status syntax = LoadStatus("{\n\"format\": \"atensi.routing_rules/1\",\n\n  ]\n}");
  EXPECT_EQ(syntax.reason(), "routing_rules.syntax");
  EXPECT_THAT(syntax.message(), StartsWith("line 4"));
}

TEST(RuleSetLoadTest, CheckAgainstReportsUnknownAgencyIds) {
  auto r =
      RuleSet::FromJson(Doc(R"(    {"id": "named", "description": "d", "source": "s", "order": 1,
     "when": {"always": true},
     "actions": [{"involve": {"agency": "no.such"}, "role": "lead", "reason": "r"}]})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Status s = r->CheckAgainst(DefaultRegistry());
  EXPECT_EQ(s.reason(), "routing_rules.agency_unknown");
  EXPECT_THAT(s.message(), StartsWith("line 6, rule 'named'"));
}

TEST(RuleSetLoadTest, RulesAreSortedByOrderThenFilePosition) {
  auto r = RuleSet::FromJson(Doc(OneLine("late", R"({"always": true})", 20) + ",\n" +
                                 OneLine("tie.one", R"({"always": true})", 10) + ",\n" +
                                 OneLine("tie.two", R"({"always": true})", 10)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rules().size(), 3u);
  EXPECT_EQ(r->rules()[0].id, "tie.one");
  EXPECT_EQ(r->rules()[1].id, "tie.two");
  EXPECT_EQ(r->rules()[2].id, "late");
  EXPECT_EQ(r->rules()[2].line, 6);
}

// Each predicate of the condition language evaluates as documented.
TEST(RuleSetConditionTest, PredicatesEvaluateFacts) {
  struct Case {
    const char* when;
    void (*tweak)(CaseFacts&);
    bool base_expected;
    bool tweaked_expected;
  };
  const Case cases[] = {
      {R"({"category_in": ["abh", "disabilitas"]})",
       [](CaseFacts& f) { f.categories.Add(AmpkCategory::kAbh); }, false, true},
      {R"({"age_between": [12, 17]})", [](CaseFacts& f) { f.age = 12; }, false, true},
      {R"({"has_disability": true})",
       [](CaseFacts& f) { f.categories.Add(AmpkCategory::kDisabilitas); }, false, true},
      {R"({"pkh_participant": true})", [](CaseFacts& f) { f.pkh_participant = true; }, false, true},
      {R"({"has_nik": false})", [](CaseFacts& f) { f.has_nik = false; }, false, true},
      {R"({"has_birth_certificate": false})", [](CaseFacts& f) { f.has_birth_certificate = false; },
       false, true},
      {R"({"dtsen_registered": false})", [](CaseFacts& f) { f.dtsen_decile.reset(); }, false, true},
      {R"({"decile_max": 2})", [](CaseFacts& f) { f.dtsen_decile = 2; }, false, true},
      {R"({"economic_hardship": true})", [](CaseFacts& f) { f.economic_hardship = true; }, false,
       true},
      {R"({"residential_need": true})", [](CaseFacts& f) { f.residential_need = true; }, false,
       true},
      {R"({"napza_or_hiv": true})", [](CaseFacts& f) { f.categories.Add(AmpkCategory::kHivAids); },
       false, true},
      {R"({"abh": true})", [](CaseFacts& f) { f.categories.Add(AmpkCategory::kAbh); }, false, true},
      {R"({"disaster": true})", [](CaseFacts& f) { f.disaster = DisasterLevel::kProvince; }, false,
       true},
      {R"({"domicile_in": ["14", "17.01"]})", [](CaseFacts& f) { f.domicile = Code("17.01.01"); },
       false, true},
      {R"({"risk_at_least": "medium"})", [](CaseFacts& f) { f.risk = RiskLevel::kHigh; }, false,
       true},
      {R"({"programme_outcome": {"programme": "pkh", "outcome": "not_handled"}})",
       [](CaseFacts& f) {
         f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
       },
       false, true},
      {R"({"programme_outcome": {"programme": "any", "outcome": "handled"}})",
       [](CaseFacts& f) {
         f.programmes_tried.push_back({Programme::kPip, ProgrammeOutcome::kHandled});
       },
       false, true},
      {R"({"not": {"pkh_participant": true}})", [](CaseFacts& f) { f.pkh_participant = true; },
       true, false},
      {R"({"any": [{"has_nik": false}, {"age_between": [0, 5]}]})", [](CaseFacts& f) { f.age = 4; },
       false, true},
      {R"({"all": [{"has_nik": true}, {"age_between": [0, 5]}]})", [](CaseFacts& f) { f.age = 4; },
       false, true},
      {R"({"always": false})", [](CaseFacts&) {}, false, false},
  };
  for (const Case& c : cases) {
    auto r = RuleSet::FromJson(Doc(OneLine("p", c.when)));
    ASSERT_TRUE(r.ok()) << c.when << ": " << r.status().ToString();
    CaseFacts f = BaseFacts();
    EXPECT_EQ(r->Matches(0, f), c.base_expected) << c.when;
    EXPECT_EQ(r->WhyNot(0, f).empty(), c.base_expected) << c.when;
    c.tweak(f);
    EXPECT_EQ(r->Matches(0, f), c.tweaked_expected) << c.when;
  }
}

TEST(RuleSetConditionTest, WhyNotNamesTheFailingPredicate) {
  auto r = RuleSet::FromJson(
      Doc(OneLine("w", R"({"all": [{"has_nik": true}, {"pkh_participant": true}]})")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->WhyNot(0, BaseFacts()), R"(not met: {"pkh_participant":true})");
}

TEST(RuleSetEffectiveDateTest, RuleSetAndRulesHaveWindows) {
  auto r = RuleSet::FromJson(R"({
  "format": "atensi.routing_rules/1", "version": "v", "effective_from": "2020-09-01",
  "effective_to": "2030-12-31",
  "rules": [
    {"id": "old", "description": "d", "source": "s", "order": 1, "effective_to": "2021-12-31",
     "when": {"always": true}, "actions": [{"involve": {"type": "tksk"}, "role": "lead", "reason": "r"}]}
  ]
})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->InEffect(D("2020-08-31")));
  EXPECT_TRUE(r->InEffect(D("2020-09-01")));
  EXPECT_TRUE(r->InEffect(D("2030-12-31")));
  EXPECT_FALSE(r->InEffect(D("2031-01-01")));
  EXPECT_TRUE(r->rules()[0].InEffect(D("2021-12-31")));
  EXPECT_FALSE(r->rules()[0].InEffect(D("2022-01-01")));
  auto bad = RuleSet::FromJson(Doc(R"(    {"id": "a", "description": "d", "source": "s", "order": 1,
     "effective_from": "2022-01-01", "effective_to": "2021-01-01",
     "when": {"always": true}, "actions": [{"involve": {"type": "tksk"}, "role": "lead", "reason": "r"}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "routing_rules.effective_dates");
  EXPECT_THAT(bad.status().message(), StartsWith("line 7, rule 'a'"));
}

TEST(VocabularyTest, RolesActivitiesProgrammesRoundTrip) {
  for (auto r :
       {InvolvementRole::kLead, InvolvementRole::kCoFacilitator, InvolvementRole::kInformed}) {
    EXPECT_EQ(ParseInvolvementRole(Name(r)), r);
  }
  for (int a = 1; a <= kActivityCount; ++a) {
    EXPECT_EQ(ParseActivity(Name(static_cast<Activity>(a))), static_cast<Activity>(a));
  }
  for (int p = 1; p <= 9; ++p) {
    EXPECT_EQ(ParseProgramme(Name(static_cast<Programme>(p))), static_cast<Programme>(p));
  }
  EXPECT_EQ(ParseProgrammeOutcome("not_handled"), ProgrammeOutcome::kNotHandled);
  EXPECT_FALSE(ParseActivity("party").has_value());
}

}  // namespace
}  // namespace atensi
