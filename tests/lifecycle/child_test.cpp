// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/lifecycle/child.h"

#include <gtest/gtest.h>

#include "lifecycle_fixtures.h"

namespace atensi {
namespace {

using testing_lifecycle::D;
using testing_lifecycle::Id;
using testing_lifecycle::MakeChild;

const Date kToday = D(2026, 3, 2);

std::string Reason(const Child& c, Date today = kToday) {
  return ValidateChild(c, today).status().reason();
}

TEST(ValidateChildTest, ValidChildWithoutNik) {
  auto r = ValidateChild(MakeChild(), kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->nik.has_value());
}

TEST(ValidateChildTest, NikNormalisedWhenValid) {
  Child c = MakeChild();
  c.nik = "1571 0112 0515 0001";
  auto r = ValidateChild(c, kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r->nik, "1571011205150001");
}

TEST(ValidateChildTest, InvalidNikRefusedWithNikReason) {
  Child c = MakeChild();
  c.nik = "1571011205150000";  // serial 0000
  auto s = ValidateChild(c, kToday).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.reason().rfind("nik.", 0), 0u) << s.reason();
  EXPECT_EQ(s.field(), "nik");
  EXPECT_EQ(s.message().find("1571011205150000"), std::string::npos);
  c.nik = "12345";
  EXPECT_EQ(Reason(c), "nik.length");
}

TEST(ValidateChildTest, NameRules) {
  Child c = MakeChild();
  c.name = "";
  EXPECT_EQ(Reason(c), "child.name");
  c.name = std::string(201, 'a');
  EXPECT_EQ(Reason(c), "child.name");
  c.name = "Anak\nBaris";
  EXPECT_EQ(Reason(c), "child.name");
  c.name = std::string("\xFF\xFE");
  EXPECT_EQ(Reason(c), "child.name");
  c.name = "Siti Nurhaliza binti Ahmad";
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
  c.name = "Nyoman \xC3\x89ka";  // UTF-8 É
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
}

TEST(ValidateChildTest, BirthDateRules) {
  Child c = MakeChild();
  c.birth_date = Date();
  EXPECT_EQ(Reason(c), "child.birth_date_missing");
  c.birth_date = D(2026, 3, 3);
  EXPECT_EQ(Reason(c), "child.birth_in_future");
  c.birth_date = kToday;  // born today
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
}

// UU 35/2014 art 1(1): a child is under 18.
TEST(ValidateChildTest, MustBeUnder18AtRegistration_UU35_2014_Art1_1) {
  Child c = MakeChild(D(2008, 3, 3));  // 18 tomorrow
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
  c.birth_date = D(2008, 3, 2);  // 18 today
  auto s = ValidateChild(c, kToday).status();
  EXPECT_EQ(s.reason(), "child.not_a_child");
  EXPECT_NE(s.message().find("UU 35/2014 art 1(1)"), std::string::npos);
  // 29 Feb 2008: still a child on 28 Feb 2026, 18 on 1 Mar 2026.
  c.birth_date = D(2008, 2, 29);
  EXPECT_TRUE(ValidateChild(c, D(2026, 2, 28)).ok());
  EXPECT_EQ(Reason(c, D(2026, 3, 1)), "child.not_a_child");
}

TEST(ValidateChildTest, DomicileRegion) {
  Child c = MakeChild();
  c.domicile_region = "1571011001";
  auto r = ValidateChild(c, kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->domicile_region, "15.71.01.1001");
  c.domicile_region = "15.71.xx";
  EXPECT_EQ(Reason(c), "child.region");
  c.domicile_region = "15.71.99.9999";
  EXPECT_EQ(Reason(c), "child.region");
  c.domicile_region = "";
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
}

TEST(ValidateChildTest, Guardians) {
  Child c = MakeChild();
  c.guardians[1].id = c.guardians[0].id;
  EXPECT_EQ(Reason(c), "child.guardian");
  c = MakeChild();
  c.guardians[0].name = "";
  EXPECT_EQ(Reason(c), "child.guardian");
  c = MakeChild();
  c.guardians[0].nik = "1571015203850000";
  EXPECT_EQ(ValidateChild(c, kToday).status().field(), "guardians[0].nik");
  EXPECT_TRUE(CanConsentForChild(GuardianRole::kLegalGuardian));
  EXPECT_FALSE(CanConsentForChild(GuardianRole::kRelative));
  EXPECT_FALSE(CanConsentForChild(GuardianRole::kInstitution));
}

TEST(ValidateChildTest, KkHistory) {
  Child c = MakeChild();
  c.family_links = {
      FamilyLink{"1571010101220002", D(2022, 7, 1), std::nullopt, std::nullopt, std::nullopt},
      FamilyLink{"1571010101100001", D(2015, 5, 20), D(2022, 6, 30), "PKH-1",
                 DtsenRecord{"D-1", 3, D(2025, 12, 31)}},
  };
  auto r = ValidateChild(c, kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->family_links[0].kk_number, "1571010101100001");  // sorted by valid_from
  EXPECT_EQ(r->FamilyLinkOn(D(2022, 6, 30))->kk_number, "1571010101100001");
  EXPECT_EQ(r->FamilyLinkOn(D(2022, 7, 1))->kk_number, "1571010101220002");
  EXPECT_EQ(r->FamilyLinkOn(D(2010, 1, 1)), nullptr);

  Child overlap = c;
  overlap.family_links[1].valid_to = D(2022, 7, 1);  // same day as next start
  EXPECT_EQ(Reason(overlap), "child.kk_overlap");
  Child open_twice = c;
  open_twice.family_links[1].valid_to.reset();
  EXPECT_EQ(Reason(open_twice), "child.kk_overlap");
  Child backwards = c;
  backwards.family_links[1].valid_to = D(2014, 1, 1);
  EXPECT_EQ(Reason(backwards), "child.kk_period");
  Child short_kk = c;
  short_kk.family_links[0].kk_number = "157101010122000";
  EXPECT_EQ(Reason(short_kk), "kk.length");
  EXPECT_EQ(ValidateChild(short_kk, kToday).status().field(), "family_links[0].kk_number");
  Child spaced = c;
  spaced.family_links[0].kk_number = "1571 0101 0122 0002";
  auto normalised = ValidateChild(spaced, kToday);
  ASSERT_TRUE(normalised.ok()) << normalised.status().ToString();
  EXPECT_EQ(normalised->family_links[1].kk_number, "1571010101220002");
}

TEST(ValidateChildTest, DtsenDecileOneToTen) {
  Child c = MakeChild();
  c.family_links = {FamilyLink{"1571010101100001", D(2015, 5, 20), std::nullopt, std::nullopt,
                               DtsenRecord{"D-1", 0, D(2025, 12, 31)}}};
  EXPECT_EQ(Reason(c), "child.dtsen_decile");
  c.family_links[0].dtsen->decile = 11;
  EXPECT_EQ(Reason(c), "child.dtsen_decile");
  c.family_links[0].dtsen->decile = 10;
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
  c.family_links[0].dtsen->as_of = D(2026, 4, 1);
  EXPECT_EQ(Reason(c), "child.dtsen_as_of");
}

TEST(ValidateChildTest, IdMustBeUuid) {
  Child c = MakeChild();
  c.id = "child-1";
  EXPECT_EQ(Reason(c), "child.id_required");
  c.id = Id(5);
  EXPECT_TRUE(ValidateChild(c, kToday).ok());
}

TEST(GuardianRoleTest, NamesRoundTrip) {
  for (GuardianRole r : {GuardianRole::kMother, GuardianRole::kFather, GuardianRole::kLegalGuardian,
                         GuardianRole::kRelative, GuardianRole::kInstitution}) {
    EXPECT_EQ(ParseGuardianRole(Name(r)), r);
  }
}

}  // namespace
}  // namespace atensi
