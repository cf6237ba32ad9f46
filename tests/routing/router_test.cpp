// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The routing engine with the shipped rules and registry: each default rule
// with its source, lead selection and fall-through candidates, explain,
// determinism, and the seed's story end to end.

#include "atensi/routing/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "atensi/routing/routing_json.h"
#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using testing_util::BaseFacts;
using testing_util::Code;
using testing_util::D;
using testing_util::DefaultRegistry;
using testing_util::DefaultRules;
using testing_util::RouteDay;

RoutingDecision MustRoute(const CaseFacts& f, Date on = RouteDay()) {
  auto d = Route(f, DefaultRules(), DefaultRegistry(), on);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? std::move(d).value() : RoutingDecision{};
}

// Expects `agency` involved in `role` by `rule`, whose source mentions `cite`.
void ExpectInvolved(const RoutingDecision& d, std::string_view agency, InvolvementRole role,
                    std::string_view rule, std::string_view cite) {
  const Involvement* inv = d.Find(agency);
  ASSERT_NE(inv, nullptr) << agency << " not involved";
  EXPECT_EQ(inv->role, role) << agency;
  EXPECT_EQ(inv->rule_id, rule) << agency;
  EXPECT_THAT(std::string(inv->source), HasSubstr(std::string(cite))) << agency;
  EXPECT_FALSE(inv->reason.empty());
}

bool IsCandidate(const RoutingDecision& d, std::string_view agency) {
  for (const auto& c : d.lead_candidates) {
    if (c.agency_id == agency) return true;
  }
  return false;
}

// atensi.md §6.4, §13 rule 18 (UU 23/2014 annex F): with no other trigger the
// regency/city social service of the domicile leads.
TEST(DefaultRulesTest, RegencySocialServiceIsTheDefaultLead) {
  RoutingDecision d = MustRoute(BaseFacts());
  ASSERT_EQ(d.involvements.size(), 1u);
  ExpectInvolved(d, "dinsos.15.03", InvolvementRole::kLead, "jurisdiction.regency_social_service",
                 "UU 23/2014 annex F");
  EXPECT_TRUE(d.lead_candidates.empty());
  EXPECT_EQ(d.rule_set_version, "default-2020.1");
  EXPECT_EQ(d.registry_version, "jambi-2020.1");
}

// [S6] (Dinsos head) + atensi.md §8 PKH row: a PKH child goes to the PKH facilitator first.
TEST(DefaultRulesTest, PkhChildGoesToPkhFacilitatorFirst) {
  CaseFacts f = BaseFacts();
  f.pkh_participant = true;
  RoutingDecision d = MustRoute(f);
  EXPECT_EQ(d.lead().agency_id, "pkh.pendamping.15.03");
  ExpectInvolved(d, "pkh.pendamping.15.03", InvolvementRole::kLead, "pkh.facilitator_first",
                 "[S6]");
  // [S6] Azhari: the PKH regional coordinator follows jointly handled PKH children.
  ExpectInvolved(d, "pkh.korwil.15", InvolvementRole::kInformed, "pkh.coordinator_informed",
                 "[S6]");
  EXPECT_TRUE(IsCandidate(d, "dinsos.15.03"));
  EXPECT_EQ(d.Find("kemensos.sentra.alyatama"), nullptr);
}

// [S6] Arif Munandar: a problem not handled through PKH or other programmes goes to the centre.
TEST(DefaultRulesTest, ProblemNotHandledByProgrammesGoesToTheCentre) {
  CaseFacts f = BaseFacts();
  f.programmes_tried.push_back({Programme::kRegionalAtensi, ProgrammeOutcome::kNotHandled});
  RoutingDecision d = MustRoute(f);
  EXPECT_EQ(d.lead().agency_id, "kemensos.sentra.alyatama");
  ExpectInvolved(d, "kemensos.sentra.alyatama", InvolvementRole::kLead,
                 "centre.not_handled_fallback", "Arif Munandar");
  // A handled or ongoing programme does not trigger the centre.
  f.programmes_tried[0].outcome = ProgrammeOutcome::kOngoing;
  EXPECT_EQ(MustRoute(f).lead().agency_id, "dinsos.15.03");
}

// atensi.md §8 Dukcapil row [S7][S32]: no NIK or no birth certificate -> Dukcapil.
TEST(DefaultRulesTest, MissingNikOrBirthCertificateInvolvesDukcapil) {
  for (int variant = 0; variant < 2; ++variant) {
    CaseFacts f = BaseFacts();
    (variant == 0 ? f.has_nik : f.has_birth_certificate) = false;
    RoutingDecision d = MustRoute(f);
    ExpectInvolved(d, "dinsos.15.div.dukcapil", InvolvementRole::kCoFacilitator,
                   "civil_registration.dukcapil", "Dukcapil row");
    EXPECT_TRUE(d.Find("dinsos.15.div.dukcapil")->Has(Activity::kCivilRegistration));
  }
  EXPECT_EQ(MustRoute(BaseFacts()).Find("dinsos.15.div.dukcapil"), nullptr);
}

// [S6]: the disability assistant is a partner; disability -> disability assistant.
TEST(DefaultRulesTest, DisabilityInvolvesTheDisabilityAssistant) {
  CaseFacts by_flag = BaseFacts();
  by_flag.has_disability = true;
  ExpectInvolved(MustRoute(by_flag), "pendamping-disabilitas.15", InvolvementRole::kCoFacilitator,
                 "disability.assistant", "[S6]");
  CaseFacts by_category = BaseFacts();
  by_category.categories.Add(AmpkCategory::kDisabilitas);
  EXPECT_NE(MustRoute(by_category).Find("pendamping-disabilitas.15"), nullptr);
}

// atensi.md §8 UPTD PPA row; annex PPPA sub-urusan 6: violence, sexual
// violence, exploitation, trafficking -> UPTD PPA leads.
TEST(DefaultRulesTest, ViolenceExploitationTraffickingGoToUptdPpa) {
  for (AmpkCategory c :
       {AmpkCategory::kKekerasanFisikPsikis, AmpkCategory::kKejahatanSeksual,
        AmpkCategory::kEksploitasiEkonomiSeksual, AmpkCategory::kPenculikanPenjualanPerdagangan}) {
    CaseFacts f = BaseFacts();
    f.categories.Add(c);
    RoutingDecision d = MustRoute(f);
    EXPECT_EQ(d.lead().agency_id, "uptd-ppa.15") << Name(c);
    ExpectInvolved(d, "uptd-ppa.15", InvolvementRole::kLead, "violence.uptd_ppa", "sub-urusan 6");
    EXPECT_TRUE(d.lead().Has(Activity::kProtectionServices));
  }
}

// UU 23/2014 annex F (ABH -> regency/city) plus UU SPPA: Bapas from 12
// (art 1(3)), an LPKS under 12 (art 21).
TEST(DefaultRulesTest, AbhGoesToRegencySocialServicePlusBapasOrLpks) {
  auto reg = AgencyRegistry::FromJson(R"({
  "format": "atensi.agencies/1", "version": "abh-test", "effective_from": "2020-01-01",
  "agencies": [
    {"id": "bapas.jambi", "name": "Bapas", "type": "bapas", "level": "province",
     "coverage": ["15"], "source": "test"},
    {"id": "lpks.jambi", "name": "LPKS", "type": "lpks", "level": "province",
     "coverage": ["15"], "source": "test"}
  ]})",
                                      RegionTable::Official(), /*generate_offices=*/true);
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  CaseFacts f = BaseFacts();
  f.categories.Add(AmpkCategory::kAbh);
  f.age = 15;
  auto teen = Route(f, DefaultRules(), *reg, RouteDay());
  ASSERT_TRUE(teen.ok()) << teen.status().ToString();
  ExpectInvolved(*teen, "dinsos.15.03", InvolvementRole::kLead, "abh.regency_social_service",
                 "berhadapan dengan hukum");
  ExpectInvolved(*teen, "bapas.jambi", InvolvementRole::kCoFacilitator, "abh.bapas", "art 1(3)");
  EXPECT_EQ(teen->Find("lpks.jambi"), nullptr);
  f.age = 11;
  auto child = Route(f, DefaultRules(), *reg, RouteDay());
  ASSERT_TRUE(child.ok());
  ExpectInvolved(*child, "lpks.jambi", InvolvementRole::kCoFacilitator, "abh.lpks_under_12",
                 "art 21");
  EXPECT_EQ(child->Find("bapas.jambi"), nullptr);
  // The shipped Jambi registry lists no Bapas: the action is reported unresolved.
  f.age = 15;
  RoutingDecision shipped = MustRoute(f);
  ASSERT_EQ(shipped.unresolved.size(), 1u);
  EXPECT_EQ(shipped.unresolved[0].agency_type, AgencyType::kBapas);
  EXPECT_EQ(shipped.unresolved[0].rule_id, "abh.bapas");
}

// atensi.md §8 DTSEN row, annex F sub-urusan 4: poverty without DTSEN
// registration -> the poverty handling division.
TEST(DefaultRulesTest, PovertyWithoutDtsenGoesToPovertyHandlingDivision) {
  CaseFacts f = BaseFacts();
  f.economic_hardship = true;
  f.dtsen_decile.reset();
  RoutingDecision d = MustRoute(f);
  ExpectInvolved(d, "dinsos.15.div.poverty", InvolvementRole::kCoFacilitator,
                 "poverty.dtsen_registration", "sub-urusan 4");
  EXPECT_TRUE(d.Find("dinsos.15.div.poverty")->Has(Activity::kDtsenRegistration));
  f.dtsen_decile = 2;  // registered: no referral for registration
  EXPECT_EQ(MustRoute(f).Find("dinsos.15.div.poverty"), nullptr);
}

// [S6] Imron Rosadi: PKH facilitators co-facilitate the centre's Child and
// Family Capacity Building.
TEST(DefaultRulesTest, PkhFacilitatorCoFacilitatesCentreCapacityBuilding) {
  CaseFacts f = BaseFacts();
  f.pkh_participant = true;
  f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
  RoutingDecision d = MustRoute(f);
  EXPECT_EQ(d.lead().agency_id, "kemensos.sentra.alyatama");
  ExpectInvolved(d, "pkh.pendamping.15.03", InvolvementRole::kCoFacilitator,
                 "pkh.co_facilitator_at_centre", "Imron Rosadi");
  const Involvement* pkh = d.Find("pkh.pendamping.15.03");
  EXPECT_TRUE(pkh->Has(Activity::kChildCapacityBuilding));
  EXPECT_TRUE(pkh->Has(Activity::kFamilyCapacityBuilding));
}

// atensi.md §6.4 (annex F central row) and §6.4 residential row.
TEST(DefaultRulesTest, NapzaHivToCentreAndResidentialToProvince) {
  CaseFacts napza = BaseFacts();
  napza.napza = true;
  ExpectInvolved(MustRoute(napza), "kemensos.sentra.alyatama", InvolvementRole::kLead,
                 "napza_hiv.ministry_centre", "UU 23/2014 annex F");
  CaseFacts panti = BaseFacts();
  panti.residential_need = true;
  ExpectInvolved(MustRoute(panti), "dinsos.15", InvolvementRole::kLead,
                 "residential.provincial_social_service", "PP 2/2018 art 10(2)");
}

// Exactly one lead: the first lead action wins; later ones are fall-through
// candidates in rule order.
TEST(RouterTest, LeadConflictsResolveByRuleOrder) {
  CaseFacts f = BaseFacts();
  f.categories.Add(AmpkCategory::kKejahatanSeksual);
  f.pkh_participant = true;
  f.residential_need = true;
  RoutingDecision d = MustRoute(f);
  int leads = 0;
  for (const auto& inv : d.involvements) leads += inv.role == InvolvementRole::kLead ? 1 : 0;
  EXPECT_EQ(leads, 1);
  EXPECT_EQ(d.lead().agency_id, "uptd-ppa.15");
  ASSERT_EQ(d.lead_candidates.size(), 3u);
  EXPECT_EQ(d.lead_candidates[0].agency_id, "dinsos.15");             // order 40
  EXPECT_EQ(d.lead_candidates[1].agency_id, "pkh.pendamping.15.03");  // order 50
  EXPECT_EQ(d.lead_candidates[2].agency_id, "dinsos.15.03");          // order 110
}

// Determinism: same inputs, same decision (atensi engineering anchors: routing
// the same referral twice must give the same result).
TEST(RouterTest, IsDeterministic) {
  CaseFacts f = BaseFacts();
  f.pkh_participant = true;
  f.has_birth_certificate = false;
  f.has_disability = true;
  f.categories.Add(AmpkCategory::kKekerasanFisikPsikis);
  f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
  const std::string first = ToJson(MustRoute(f)).dump();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(ToJson(MustRoute(f)).dump(), first);
  RoutingDecision reused;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(RouteInto(f, DefaultRules(), DefaultRegistry(), RouteDay(), &reused).ok());
    EXPECT_EQ(ToJson(reused).dump(), first);
    ASSERT_TRUE(
        RouteInto(BaseFacts(), DefaultRules(), DefaultRegistry(), RouteDay(), &reused).ok());
    EXPECT_EQ(reused.involvements.size(), 1u);
  }
}

TEST(RouterTest, ExplainListsEveryRuleFiredOrSkippedWithWhy) {
  CaseFacts f = BaseFacts();
  f.pkh_participant = true;
  RoutingExplanation e = Explain(f, DefaultRules(), DefaultRegistry(), RouteDay());
  ASSERT_TRUE(e.status.ok()) << e.status.ToString();
  ASSERT_EQ(e.rules.size(), DefaultRules().rules().size());
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    EXPECT_EQ(e.rules[i].rule_id, DefaultRules().rules()[i].id);
    EXPECT_FALSE(e.rules[i].why.empty());
  }
  auto trace = [&](std::string_view id) -> const RuleTrace& {
    for (const auto& t : e.rules) {
      if (t.rule_id == id) return t;
    }
    static RuleTrace none;
    ADD_FAILURE() << "no trace for " << id;
    return none;
  };
  EXPECT_TRUE(trace("pkh.facilitator_first").fired);
  EXPECT_THAT(trace("pkh.facilitator_first").effects[0], HasSubstr("pkh.pendamping.15.03 as lead"));
  EXPECT_FALSE(trace("violence.uptd_ppa").fired);
  EXPECT_THAT(trace("violence.uptd_ppa").why, HasSubstr("not met: {\"category_in\""));
  EXPECT_THAT(trace("jurisdiction.regency_social_service").effects[0],
              HasSubstr("fall-through candidate"));
  EXPECT_EQ(ToJson(e.decision).dump(), ToJson(MustRoute(f)).dump());
  // Out of effect: the default set starts on the audience date, 2020-09-01.
  RoutingExplanation early = Explain(f, DefaultRules(), DefaultRegistry(), D("2020-08-31"));
  EXPECT_EQ(early.status.reason(), "routing.rules_not_effective");
}

TEST(RouterTest, StopFlagAndRuleEffectiveDatesSkipRules) {
  auto rules = RuleSet::FromJson(R"({
  "format": "atensi.routing_rules/1", "version": "stop", "effective_from": "2020-01-01",
  "rules": [
    {"id": "old", "description": "d", "source": "s", "order": 1, "effective_to": "2020-12-31",
     "when": {"always": true},
     "actions": [{"involve": {"type": "sakti_peksos"}, "role": "lead", "reason": "old"}]},
    {"id": "first", "description": "d", "source": "s", "order": 2, "stop": true,
     "when": {"always": true},
     "actions": [{"involve": {"agency": "uptd-ppa.15"}, "role": "lead", "reason": "r"}]},
    {"id": "never", "description": "d", "source": "s", "order": 3,
     "when": {"always": true},
     "actions": [{"involve": {"type": "dukcapil"}, "role": "co_facilitator", "reason": "r"}]}
  ]})");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  RoutingExplanation e = Explain(BaseFacts(), *rules, DefaultRegistry(), RouteDay());
  ASSERT_TRUE(e.status.ok()) << e.status.ToString();
  ASSERT_EQ(e.decision.involvements.size(), 1u);
  EXPECT_EQ(e.decision.lead().agency_id, "uptd-ppa.15");
  EXPECT_THAT(e.rules[0].why, HasSubstr("not in effect on 2021-03-01"));
  EXPECT_TRUE(e.rules[1].fired);
  EXPECT_THAT(e.rules[2].why, HasSubstr("stopped by rule 'first'"));
  // In 2020 the old rule is in effect and leads.
  auto d2020 = Route(BaseFacts(), *rules, DefaultRegistry(), D("2020-06-01"));
  ASSERT_TRUE(d2020.ok());
  EXPECT_EQ(d2020->lead().agency_id, "sakti-peksos.15");
}

// One entry per agency: activities merge, informed upgrades to
// co-facilitator, and an involved agency that becomes the lead moves first.
TEST(RouterTest, AgencyInvolvedTwiceKeepsOneEntry) {
  auto rules = RuleSet::FromJson(R"({
  "format": "atensi.routing_rules/1", "version": "merge", "effective_from": "2020-01-01",
  "rules": [
    {"id": "inform", "description": "d", "source": "s", "order": 1, "when": {"always": true},
     "actions": [{"involve": {"type": "dukcapil"}, "role": "informed", "reason": "i"},
                 {"involve": {"type": "sakti_peksos"}, "role": "co_facilitator",
                  "activity": "case_management", "reason": "c"}]},
    {"id": "upgrade", "description": "d", "source": "s", "order": 2, "when": {"always": true},
     "actions": [{"involve": {"type": "dukcapil"}, "role": "co_facilitator",
                  "activity": "civil_registration", "reason": "u"}]},
    {"id": "promote", "description": "d", "source": "s", "order": 3, "when": {"always": true},
     "actions": [{"involve": {"type": "sakti_peksos"}, "role": "lead",
                  "activity": "child_capacity_building", "reason": "p"}]},
    {"id": "again", "description": "d", "source": "s", "order": 4, "when": {"always": true},
     "actions": [{"involve": {"type": "dukcapil"}, "role": "informed", "reason": "a"},
                 {"involve": {"type": "dukcapil"}, "role": "lead", "reason": "l"}]}
  ]})");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  auto d = Route(BaseFacts(), *rules, DefaultRegistry(), RouteDay());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->involvements.size(), 2u);
  const Involvement& lead = d->involvements[0];
  EXPECT_EQ(lead.agency_id, "sakti-peksos.15");
  EXPECT_EQ(lead.role, InvolvementRole::kLead);
  EXPECT_EQ(lead.rule_id, "promote");
  EXPECT_TRUE(lead.Has(Activity::kCaseManagement));
  EXPECT_TRUE(lead.Has(Activity::kChildCapacityBuilding));
  const Involvement& dukcapil = d->involvements[1];
  EXPECT_EQ(dukcapil.agency_id, "dinsos.15.div.dukcapil");
  EXPECT_EQ(dukcapil.role, InvolvementRole::kCoFacilitator);
  EXPECT_EQ(dukcapil.rule_id, "upgrade");
  EXPECT_TRUE(dukcapil.Has(Activity::kCivilRegistration));
  // Its later lead action makes it a fall-through candidate, once.
  ASSERT_EQ(d->lead_candidates.size(), 1u);
  EXPECT_EQ(d->lead_candidates[0].agency_id, "dinsos.15.div.dukcapil");
}

TEST(RouterTest, ErrorsWithoutDomicileOrLead) {
  CaseFacts f = BaseFacts();
  f.domicile.reset();
  auto d = Route(f, DefaultRules(), DefaultRegistry(), RouteDay());
  EXPECT_EQ(d.status().reason(), "routing.domicile_missing");
  auto rules = RuleSet::FromJson(R"({
  "format": "atensi.routing_rules/1", "version": "v", "effective_from": "2020-01-01",
  "rules": [{"id": "only", "description": "d", "source": "s", "order": 1, "when": {"always": true},
     "actions": [{"involve": {"type": "bapas"}, "role": "lead", "reason": "r"}]}]})");
  ASSERT_TRUE(rules.ok());
  auto none = Route(BaseFacts(), *rules, DefaultRegistry(), RouteDay());
  EXPECT_EQ(none.status().reason(), "routing.no_lead");
}

// The seed's story end to end ([S6]): a PKH child in Kabupaten Sarolangun
// whose problem PKH cannot handle, with no birth certificate and a
// disability, is routed to the centre (lead), Dukcapil and the disability
// assistant, with the PKH facilitator as co-facilitator.
TEST(SeedScenarioTest, PkhChildInSarolangunRoutedToCentreDukcapilAndDisabilityAssistant) {
  CaseFacts f;
  f.age = 9;
  f.domicile = Code("15.03.01.2001");  // a desa in Batang Asai, Kabupaten Sarolangun
  f.pkh_participant = true;
  f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
  f.has_nik = true;
  f.has_birth_certificate = false;
  f.has_disability = true;
  f.categories.Add(AmpkCategory::kDisabilitas);
  f.dtsen_decile = 2;

  RoutingExplanation e = Explain(f, DefaultRules(), DefaultRegistry(), RouteDay());
  ASSERT_TRUE(e.status.ok()) << e.status.ToString();
  const RoutingDecision& d = e.decision;

  EXPECT_EQ(d.lead().agency_id, "kemensos.sentra.alyatama");
  EXPECT_EQ(d.lead().rule_id, "centre.not_handled_fallback");
  ExpectInvolved(d, "dinsos.15.div.dukcapil", InvolvementRole::kCoFacilitator,
                 "civil_registration.dukcapil", "Dukcapil");
  ExpectInvolved(d, "pendamping-disabilitas.15", InvolvementRole::kCoFacilitator,
                 "disability.assistant", "[S6]");
  ExpectInvolved(d, "pkh.pendamping.15.03", InvolvementRole::kCoFacilitator,
                 "pkh.co_facilitator_at_centre", "[S6]");
  EXPECT_TRUE(d.Find("pkh.pendamping.15.03")->Has(Activity::kChildCapacityBuilding));
  EXPECT_TRUE(d.Find("pkh.pendamping.15.03")->Has(Activity::kFamilyCapacityBuilding));
  ExpectInvolved(d, "pkh.korwil.15", InvolvementRole::kInformed, "pkh.coordinator_informed",
                 "[S6]");
  // PKH already failed, so the facilitator is not asked to lead again.
  for (const auto& t : e.rules) {
    if (t.rule_id == "pkh.facilitator_first") {
      EXPECT_FALSE(t.fired);
      EXPECT_THAT(t.why, HasSubstr("excluded because"));
    }
  }
  // The regency/city social service remains the fall-through candidate.
  ASSERT_EQ(d.lead_candidates.size(), 1u);
  EXPECT_EQ(d.lead_candidates[0].agency_id, "dinsos.15.03");
  EXPECT_TRUE(d.unresolved.empty());
  EXPECT_EQ(d.involvements.size(), 5u);
}

}  // namespace
}  // namespace atensi
