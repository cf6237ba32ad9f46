// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The jurisdiction table of atensi.md §6.4, row by row.

#include "atensi/routing/jurisdiction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing_util::Code;
using testing_util::D;
using testing_util::DefaultRegistry;

const Date kOn = D("2021-03-01");
const RegionCode kSarolangun = Code("15.03.01.2001");

JurisdictionAnswer Must(const Need& need, RegionCode where = kSarolangun, Date on = kOn) {
  auto a = Resolve(need, where, DefaultRegistry(), on);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? *a : JurisdictionAnswer{};
}

// Row 1. UU 23/2014 annex F sub-urusan 3, regency/city row: rehabilitation
// outside a panti, not NAPZA/HIV -> Dinsos kab/kota of residence; Kemensos UPT also possible.
TEST(JurisdictionTest, NonResidentialGoesToRegencySocialService) {
  auto a = Must(Need{});
  EXPECT_EQ(a.rule_id, "jurisdiction.non_residential");
  EXPECT_EQ(a.level, JurisdictionLevel::kRegencyCity);
  EXPECT_THAT(a.agency_ids, ElementsAre("dinsos.15.03"));
  EXPECT_THAT(a.legal_basis, HasSubstr("UU 23/2014 annex F"));
  EXPECT_THAT(a.source, HasSubstr("[S10]"));
  EXPECT_THAT(a.also_possible, ElementsAre(AgencyType::kMinistryCentre));
  EXPECT_EQ(a.national_referral_option, "kemensos.sentra.alyatama");
  EXPECT_TRUE(a.national_referral_confirmed);
  EXPECT_THAT(a.concurrent, IsEmpty());
}

// Row 2. UU 23/2014 annex F, regency/city row: "rehabilitasi anak yang
// berhadapan dengan hukum", in any setting; LPKS, UPT, Bapas also possible.
TEST(JurisdictionTest, AbhGoesToRegencySocialServiceInAnySetting) {
  Need by_flag;
  by_flag.abh = true;
  by_flag.residential = true;  // the ABH row ignores the setting
  auto a = Must(by_flag);
  EXPECT_EQ(a.rule_id, "jurisdiction.abh");
  EXPECT_EQ(a.level, JurisdictionLevel::kRegencyCity);
  EXPECT_THAT(a.agency_ids, ElementsAre("dinsos.15.03"));
  EXPECT_THAT(a.legal_basis, HasSubstr("berhadapan dengan hukum"));
  EXPECT_THAT(a.also_possible,
              ElementsAre(AgencyType::kLpks, AgencyType::kMinistryCentre, AgencyType::kBapas));
  Need by_category;
  by_category.categories = {AmpkCategory::kAbh};
  EXPECT_EQ(Must(by_category).rule_id, "jurisdiction.abh");
}

// Row 3. Annex F province row (paraphrase [S11]): residential, not NAPZA/HIV -> province.
TEST(JurisdictionTest, ResidentialGoesToProvincialSocialService) {
  Need need;
  need.residential = true;
  auto a = Must(need);
  EXPECT_EQ(a.rule_id, "jurisdiction.residential");
  EXPECT_EQ(a.level, JurisdictionLevel::kProvince);
  EXPECT_THAT(a.agency_ids, ElementsAre("dinsos.15"));
  EXPECT_THAT(a.legal_basis, HasSubstr("UNCONFIRMED"));
  EXPECT_THAT(a.also_possible, ElementsAre(AgencyType::kMinistryCentre, AgencyType::kLksa));
}

// Row 4. PP 2/2018 art 10(2)(b) and (3)(b): anak telantar basic rehabilitation,
// in panti -> province, outside -> regency/city.
TEST(JurisdictionTest, NeglectedChildCitesSpmByPlacement) {
  Need in_panti;
  in_panti.categories = {AmpkCategory::kPerlakuanSalahPenelantaran};
  in_panti.residential = true;
  auto a = Must(in_panti);
  EXPECT_EQ(a.level, JurisdictionLevel::kProvince);
  EXPECT_THAT(a.legal_basis, HasSubstr("PP 2/2018 art 10(2)(b)"));
  Need outside;
  outside.categories = {AmpkCategory::kPerlakuanSalahPenelantaran};
  auto b = Must(outside);
  EXPECT_EQ(b.level, JurisdictionLevel::kRegencyCity);
  EXPECT_THAT(b.legal_basis, HasSubstr("PP 2/2018 art 10(3)(b)"));
  EXPECT_THAT(b.legal_basis, HasSubstr("pemeliharaan anak terlantar"));
}

// Row 5. Annex F central row [S11][S54]: NAPZA and HIV/AIDS -> Kemensos, even
// when residential; the covering centre is the agency.
TEST(JurisdictionTest, NapzaAndHivGoToCentralGovernment) {
  for (Need need :
       {Need{{AmpkCategory::kKorbanNapza}, false, false, false, false, {}},
        Need{{AmpkCategory::kHivAids}, true, false, false, false, {}},
        Need{{}, false, true, false, false, {}}, Need{{}, false, false, true, true, {}}}) {
    auto a = Must(need);
    EXPECT_EQ(a.rule_id, "jurisdiction.napza_hiv");
    EXPECT_EQ(a.level, JurisdictionLevel::kCentral);
    EXPECT_THAT(a.agency_ids, ElementsAre("kemensos.sentra.alyatama"));
    EXPECT_THAT(a.legal_basis, HasSubstr("central"));
  }
}

// Row 6. Annex PPPA sub-urusan 6: a child victim of violence needs UPTD PPA
// protection services alongside the rehabilitation authority.
TEST(JurisdictionTest, ViolenceAddsUptdPpaAsConcurrentAuthority) {
  for (AmpkCategory c :
       {AmpkCategory::kKekerasanFisikPsikis, AmpkCategory::kKejahatanSeksual,
        AmpkCategory::kEksploitasiEkonomiSeksual, AmpkCategory::kPenculikanPenjualanPerdagangan}) {
    Need need;
    need.categories = {c};
    auto a = Must(need);
    EXPECT_EQ(a.rule_id, "jurisdiction.non_residential");
    ASSERT_EQ(a.concurrent.size(), 1u) << Name(c);
    EXPECT_EQ(a.concurrent[0].rule_id, "jurisdiction.violence_protection");
    EXPECT_EQ(a.concurrent[0].agency_type, AgencyType::kUptdPpa);
    EXPECT_THAT(a.concurrent[0].agency_ids, ElementsAre("uptd-ppa.15"));
    EXPECT_EQ(a.concurrent[0].level,
              JurisdictionLevel::kProvince);  // only the provincial unit is listed
    EXPECT_THAT(a.concurrent[0].legal_basis, HasSubstr("sub-urusan 6"));
  }
  Need other;
  other.categories = {AmpkCategory::kDisabilitas};
  EXPECT_THAT(Must(other).concurrent, IsEmpty());
}

// Row 7. PP 2/2018 art 10(2)(e), (3)(e): disaster services at the level of the disaster.
TEST(JurisdictionTest, DisasterFollowsTheDeclaredLevel) {
  Need need;
  need.disaster = DisasterLevel::kRegencyCity;
  auto a = Must(need);
  EXPECT_EQ(a.rule_id, "jurisdiction.disaster.regency_city");
  EXPECT_EQ(a.level, JurisdictionLevel::kRegencyCity);
  EXPECT_THAT(a.agency_ids, ElementsAre("dinsos.15.03"));
  EXPECT_THAT(a.legal_basis, HasSubstr("art 10(3)(e)"));
  need.disaster = DisasterLevel::kProvince;
  a = Must(need);
  EXPECT_EQ(a.level, JurisdictionLevel::kProvince);
  EXPECT_THAT(a.agency_ids, ElementsAre("dinsos.15"));
  EXPECT_THAT(a.legal_basis, HasSubstr("art 10(2)(e)"));
  need.disaster = DisasterLevel::kNational;
  a = Must(need);
  EXPECT_EQ(a.level, JurisdictionLevel::kCentral);
  EXPECT_THAT(a.agency_ids, ElementsAre("kemensos.sentra.alyatama"));
}

// Precedence: NAPZA/HIV before ABH before disaster before residential.
TEST(JurisdictionTest, RowsApplyInPrecedenceOrder) {
  Need all;
  all.napza = true;
  all.abh = true;
  all.residential = true;
  all.disaster = DisasterLevel::kProvince;
  EXPECT_EQ(Must(all).rule_id, "jurisdiction.napza_hiv");
  all.napza = false;
  EXPECT_EQ(Must(all).rule_id, "jurisdiction.abh");
  all.abh = false;
  EXPECT_EQ(Must(all).rule_id, "jurisdiction.disaster.province");
  all.disaster.reset();
  EXPECT_EQ(Must(all).rule_id, "jurisdiction.residential");
}

// atensi.md §6.3, §13 rule 23: the national referral option is the centre
// whose working area covers the province; Riau (14) lies outside Alyatama's.
TEST(JurisdictionTest, NationalReferralOptionFollowsTheCentreWorkingArea) {
  auto bengkulu = Must(Need{}, Code("17.01"));
  EXPECT_THAT(bengkulu.agency_ids, ElementsAre("dinsos.17.01"));
  EXPECT_EQ(bengkulu.national_referral_option, "kemensos.sentra.alyatama");
  auto riau = Must(Need{}, Code("14.71"));
  EXPECT_THAT(riau.agency_ids, ElementsAre("dinsos.14.71"));
  EXPECT_FALSE(riau.national_referral_option.has_value());
  EXPECT_THAT(riau.explanation, HasSubstr("No Kemensos centre"));
  // After 2022 the working area is carried forward but UNCONFIRMED.
  auto later = Must(Need{}, kSarolangun, D("2024-01-01"));
  EXPECT_EQ(later.national_referral_option, "kemensos.sentra.alyatama");
  EXPECT_FALSE(later.national_referral_confirmed);
  EXPECT_THAT(later.explanation, HasSubstr("UNCONFIRMED"));
}

// atensi.md §13 rule 29: the domicile is a recorded region, at least a regency.
TEST(JurisdictionTest, RejectsProvinceOnlyOrUnknownDomicile) {
  auto province = Resolve(Need{}, Code("15"), DefaultRegistry(), kOn);
  ASSERT_FALSE(province.ok());
  EXPECT_EQ(province.status().reason(), "jurisdiction.domicile_level");
  auto unknown = Resolve(Need{}, Code("15.99"), DefaultRegistry(), kOn);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().reason(), "jurisdiction.domicile_unknown");
}

}  // namespace
}  // namespace atensi
