// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// FactsFor: routing facts from lifecycle records (sources per fact in
// include/atensi/store/case_facts_adapter.h).

#include "atensi/store/case_facts_adapter.h"

#include <gtest/gtest.h>

#include <vector>

namespace atensi {
namespace {

const Date kToday(2026, 11, 28);

Child BaseChild() {
  Child c;
  c.id = "0193a000-0000-7000-8000-0000000000c1";
  c.name = "Anak";
  c.birth_date = Date(2017, 9, 5);
  c.domicile_region = "15.03.01.2001";
  return c;
}

Case BaseCase() {
  Case c;
  c.id = "0193a000-0000-7000-8000-0000000000a1";
  c.risk = RiskLevel::kMedium;
  c.source = CaseSource::kOutreach;
  return c;
}

Referral Ref(std::string rule, ReferralStatus status, std::string outcome = "") {
  Referral r;
  r.rule_id = std::move(rule);
  r.status = status;
  r.outcome = std::move(outcome);
  return r;
}

TEST(CaseFactsAdapterTest, BasicFacts) {
  Child child = BaseChild();
  child.nik = "1503014509170001";
  Case c = BaseCase();
  c.categories = AmpkSet{AmpkCategory::kKorbanNapza};
  CaseFacts f = FactsFor(c, child, {}, kToday);
  EXPECT_EQ(f.age, 9);  // born 2017-09-05: UU 35/2014 art 1(1) counts completed years
  EXPECT_TRUE(f.has_nik);
  EXPECT_TRUE(f.has_birth_certificate);  // unknown: not flagged
  EXPECT_EQ(f.risk, RiskLevel::kMedium);
  ASSERT_TRUE(f.domicile.has_value());
  EXPECT_EQ(f.domicile->dotted(), "15.03.01.2001");
  EXPECT_TRUE(f.NapzaOrHiv());
  EXPECT_FALSE(f.pkh_participant);
  EXPECT_FALSE(f.dtsen_decile.has_value());
  EXPECT_TRUE(f.programmes_tried.empty());
  EXPECT_FALSE(f.residential_need);

  child.nik.reset();
  child.has_birth_certificate = false;
  child.domicile_region.clear();
  f = FactsFor(c, child, {}, kToday);
  EXPECT_FALSE(f.has_nik);
  EXPECT_FALSE(f.has_birth_certificate);  // recorded: no akta -> Dukcapil (atensi.md §8)
  EXPECT_FALSE(f.domicile.has_value());
}

// UU 35/2014 art 59(2)(j) (disabilitas); PP 39/2012 art 6(1) (anak
// berkebutuhan khusus).
TEST(CaseFactsAdapterTest, DisabilityFromCategoryOrPpksType) {
  Case c = BaseCase();
  EXPECT_FALSE(FactsFor(c, BaseChild(), {}, kToday).has_disability);
  c.categories.Add(AmpkCategory::kDisabilitas);
  EXPECT_TRUE(FactsFor(c, BaseChild(), {}, kToday).has_disability);
  Case k = BaseCase();
  k.ppks_types = {ChildPpksType::kAnakKebutuhanKhusus};
  EXPECT_TRUE(FactsFor(k, BaseChild(), {}, kToday).has_disability);
}

// PKH and DTSEN belong to the household: read from the KK period valid today
// (atensi.md §13 rules 30-31, 46).
TEST(CaseFactsAdapterTest, PkhAndDecileFromTheCurrentFamilyLink) {
  Child child = BaseChild();
  FamilyLink old;
  old.kk_number = "1503010101170001";
  old.valid_from = Date(2017, 9, 10);
  old.valid_to = Date(2024, 12, 31);
  old.pkh_participant_id = "PKH-OLD";
  old.dtsen = DtsenRecord{"D-OLD", 1, Date(2024, 1, 1)};
  FamilyLink now;
  now.kk_number = "1503010101250001";
  now.valid_from = Date(2025, 1, 1);
  now.dtsen = DtsenRecord{"D-NEW", 4, Date(2026, 7, 1)};
  child.family_links = {old, now};
  CaseFacts f = FactsFor(BaseCase(), child, {}, kToday);
  EXPECT_FALSE(f.pkh_participant);  // the PKH id was on the old KK
  EXPECT_EQ(f.dtsen_decile, std::optional<int>(4));
  child.family_links[1].pkh_participant_id = "PKH-NEW";
  EXPECT_TRUE(FactsFor(BaseCase(), child, {}, kToday).pkh_participant);
}

// [S6]: a problem persisting in a PKH household found by roster screening is
// one PKH has not handled; referral outcomes record programme attempts.
TEST(CaseFactsAdapterTest, ProgrammesTriedFromScreeningAndReferralOutcomes) {
  Child child = BaseChild();
  FamilyLink link;
  link.kk_number = "1503010101170001";
  link.valid_from = Date(2017, 9, 10);
  link.pkh_participant_id = "PKH-1";
  child.family_links = {link};
  Case screened = BaseCase();
  screened.source = CaseSource::kPkhScreening;
  CaseFacts f = FactsFor(screened, child, {}, kToday);
  ASSERT_EQ(f.programmes_tried.size(), 1u);
  EXPECT_EQ(f.programmes_tried[0].programme, Programme::kPkh);
  EXPECT_EQ(f.programmes_tried[0].outcome, ProgrammeOutcome::kNotHandled);
  // Screening of a household not (or no longer) in PKH implies nothing.
  EXPECT_TRUE(FactsFor(screened, BaseChild(), {}, kToday).programmes_tried.empty());

  std::vector<Referral> refs = {
      Ref("pkh.facilitator_first", ReferralStatus::kCompleted, "not_handled"),
      Ref("pkh.facilitator_first", ReferralStatus::kCompleted, "school fees paid"),
      Ref("pkh.facilitator_first", ReferralStatus::kRejected),
      Ref("pkh.facilitator_first", ReferralStatus::kInProgress),
      Ref("pkh.facilitator_first", ReferralStatus::kRequested),
      Ref("jurisdiction.regency_social_service", ReferralStatus::kCompleted, "not_handled"),
  };
  f = FactsFor(BaseCase(), BaseChild(), refs, kToday);
  ASSERT_EQ(f.programmes_tried.size(), 4u);
  EXPECT_EQ(f.programmes_tried[0].outcome, ProgrammeOutcome::kNotHandled);
  EXPECT_EQ(f.programmes_tried[1].outcome, ProgrammeOutcome::kHandled);
  EXPECT_EQ(f.programmes_tried[2].outcome, ProgrammeOutcome::kNotHandled);
  EXPECT_EQ(f.programmes_tried[3].outcome, ProgrammeOutcome::kOngoing);
  for (const ProgrammeAttempt& a : f.programmes_tried) EXPECT_EQ(a.programme, Programme::kPkh);
}

// atensi.md §6.4: rehabilitation inside a panti is a residential need.
TEST(CaseFactsAdapterTest, ResidentialNeedFromPlanOrPlacement) {
  Case c = BaseCase();
  EXPECT_FALSE(FactsFor(c, BaseChild(), {}, kToday).residential_need);
  Plan plan;
  plan.id = "p";
  PlanItem item;
  item.id = "i";
  item.base = ServiceBase::kKeluarga;
  plan.items = {item};
  c.plan = plan;
  EXPECT_FALSE(FactsFor(c, BaseChild(), {}, kToday).residential_need);
  c.plan->items[0].base = ServiceBase::kResidensial;
  EXPECT_TRUE(FactsFor(c, BaseChild(), {}, kToday).residential_need);
}

}  // namespace
}  // namespace atensi
