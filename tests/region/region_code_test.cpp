// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// RegionCode syntax: Permendagri 137/2017 codification (PP.KK.CC.VVVV), as
// used by Kepmendagri 300.2.2-2138/2025 amended by 300.2.2-2430/2025.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "atensi/region.h"

namespace atensi {
namespace {

RegionCode P(std::string_view text) {
  Result<RegionCode> r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : *RegionCode::FromPacked(1100000000);
}

void ExpectFormatError(std::string_view text) {
  Result<RegionCode> r = RegionCode::Parse(text, "domicile_region");
  ASSERT_FALSE(r.ok()) << "accepted: '" << text << "'";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
  EXPECT_EQ(r.status().reason(), "region.format") << text;
  EXPECT_EQ(r.status().field(), "domicile_region") << text;
  EXPECT_FALSE(r.status().message().empty());
}

// Permendagri 137/2017: four levels, groups of 2, 2, 2, 4 digits.
TEST(RegionCodeTest, ParsesDottedCodeOfEveryLevel) {
  const RegionCode p = P("15");
  EXPECT_EQ(p.level(), RegionLevel::kProvince);
  EXPECT_EQ(p.packed(), 1500000000u);
  const RegionCode r = P("15.71");
  EXPECT_EQ(r.level(), RegionLevel::kRegency);
  EXPECT_EQ(r.packed(), 1571000000u);
  const RegionCode d = P("15.71.01");
  EXPECT_EQ(d.level(), RegionLevel::kDistrict);
  EXPECT_EQ(d.packed(), 1571010000u);
  const RegionCode v = P("15.71.01.1001");
  EXPECT_EQ(v.level(), RegionLevel::kVillage);
  EXPECT_EQ(v.packed(), 1571011001u);
  EXPECT_EQ(v.province_part(), 15);
  EXPECT_EQ(v.regency_part(), 71);
  EXPECT_EQ(v.district_part(), 1);
  EXPECT_EQ(v.village_part(), 1001);
  EXPECT_EQ(d.village_part(), 0);
  EXPECT_EQ(p.regency_part(), 0);
}

// Permendagri 137/2017: the undotted number is the same code.
TEST(RegionCodeTest, UndottedEqualsDotted) {
  EXPECT_EQ(P("15"), P("15"));
  EXPECT_EQ(P("1571"), P("15.71"));
  EXPECT_EQ(P("157101"), P("15.71.01"));
  EXPECT_EQ(P("1571011001"), P("15.71.01.1001"));
  EXPECT_EQ(P("9301"), P("93.01"));
}

TEST(RegionCodeTest, TrimsSurroundingWhitespaceOnly) {
  EXPECT_EQ(P("  15.71 "), P("15.71"));
  EXPECT_EQ(P("\t1571011001\r\n"), P("15.71.01.1001"));
  ExpectFormatError("15. 71");
  ExpectFormatError("15 71");
  ExpectFormatError("1571 01");
}

TEST(RegionCodeTest, RejectsEmpty) {
  ExpectFormatError("");
  ExpectFormatError("   ");
}

TEST(RegionCodeTest, RejectsNonDigits) {
  ExpectFormatError("15.7a");
  ExpectFormatError("1S");
  ExpectFormatError("15.71.01.1OO1");
  ExpectFormatError("15-71");
  ExpectFormatError("15/71");
  ExpectFormatError("+15");
  ExpectFormatError("-1571");
  ExpectFormatError("\xd9\xa1\xd9\xa5");  // Arabic-Indic digits 15
  ExpectFormatError(
      std::string_view("15\0"
                       "71",
                       5));
}

// Permendagri 137/2017: groups of exactly 2, 2, 2 and 4 digits.
TEST(RegionCodeTest, RejectsWrongGroupLengths) {
  ExpectFormatError("1.71");
  ExpectFormatError("15.7");
  ExpectFormatError("15.071");
  ExpectFormatError("15.71.1");
  ExpectFormatError("15.71.01.100");
  ExpectFormatError("15.71.01.10011");
  ExpectFormatError("157.1");
  ExpectFormatError("1571.01");
  ExpectFormatError("15.");
  ExpectFormatError(".15");
  ExpectFormatError("15..71");
  ExpectFormatError(".");
}

TEST(RegionCodeTest, RejectsWrongUndottedLengths) {
  for (const char* text : {"1", "157", "15710", "1571011", "15710110", "157101100"}) {
    ExpectFormatError(text);
  }
}

TEST(RegionCodeTest, RejectsTooLongAndOverflow) {
  ExpectFormatError("15710110011");
  ExpectFormatError("15.71.01.1001.01");
  ExpectFormatError("157101100100000000000000000000");
  ExpectFormatError("99999999999999999999");
}

// Permendagri 137/2017: groups are numbered from 1; "00" is never a region.
TEST(RegionCodeTest, RejectsZeroGroups) {
  ExpectFormatError("00");
  ExpectFormatError("00.01");
  ExpectFormatError("15.00");
  ExpectFormatError("15.71.00");
  ExpectFormatError("15.71.01.0000");
  ExpectFormatError("0000000000");
  ExpectFormatError("1500");
  ExpectFormatError("157100");
  ExpectFormatError("1500011001");
}

// Permendagri 137/2017: regency 01-69 kabupaten, 71-99 kota; 70 unassigned.
TEST(RegionCodeTest, KabupatenAndKotaByRegencyNumber) {
  EXPECT_EQ(P("15.03").kind(), RegionKind::kKabupaten);
  EXPECT_EQ(P("15.01").kind(), RegionKind::kKabupaten);
  EXPECT_EQ(P("15.69").kind(), RegionKind::kKabupaten);
  EXPECT_EQ(P("15.71").kind(), RegionKind::kKota);
  EXPECT_TRUE(P("15.72").is_kota());
  EXPECT_TRUE(P("35.99").is_kota());
  EXPECT_FALSE(P("15.03").is_kota());
  ExpectFormatError("15.70");
  ExpectFormatError("1570");
}

// Kepmendagri 300.2.2-2430/2025: village 1xxx kelurahan, 2xxx desa, 3xxx desa adat.
TEST(RegionCodeTest, VillageKindByFirstDigit) {
  EXPECT_EQ(P("15.71.01.1001").kind(), RegionKind::kKelurahan);
  EXPECT_EQ(P("15.03.03.2024").kind(), RegionKind::kDesa);
  EXPECT_EQ(P("91.03.01.3007").kind(), RegionKind::kDesaAdat);
  EXPECT_EQ(P("15.03.03").kind(), RegionKind::kKecamatan);
  EXPECT_EQ(P("15").kind(), RegionKind::kProvince);
  ExpectFormatError("15.71.01.0001");
  ExpectFormatError("15.71.01.4001");
  ExpectFormatError("15.71.01.9999");
}

TEST(RegionCodeTest, ParentAndAncestors) {
  const RegionCode v = P("15.03.03.2024");
  ASSERT_TRUE(v.parent().has_value());
  EXPECT_EQ(*v.parent(), P("15.03.03"));
  EXPECT_EQ(*P("15.03.03").parent(), P("15.03"));
  EXPECT_EQ(*P("15.03").parent(), P("15"));
  EXPECT_FALSE(P("15").parent().has_value());
  EXPECT_EQ(v.ancestors(), (std::vector<RegionCode>{P("15"), P("15.03"), P("15.03.03")}));
  EXPECT_TRUE(P("15").ancestors().empty());
  EXPECT_EQ(v.AncestorAt(RegionLevel::kRegency), P("15.03"));
  EXPECT_EQ(v.AncestorAt(RegionLevel::kVillage), v);
}

TEST(RegionCodeTest, ContainsIsSubtreeTest) {
  EXPECT_TRUE(P("15").Contains(P("15.03.03.2024")));
  EXPECT_TRUE(P("15.03").Contains(P("15.03.03")));
  EXPECT_TRUE(P("15.03").Contains(P("15.03")));
  EXPECT_FALSE(P("15.03").Contains(P("15")));
  EXPECT_FALSE(P("15.03").Contains(P("15.04.01")));
  EXPECT_FALSE(P("15").Contains(P("16.03")));
  EXPECT_FALSE(P("15.03.03.2024").Contains(P("15.03.03.2025")));
  // 15.7 vs 15.71: packed prefixes must not confuse neighbours.
  EXPECT_FALSE(P("15.07").Contains(P("15.71.01")));
}

TEST(RegionCodeTest, DottedAndUndottedRoundTrip) {
  for (const char* text : {"15", "15.71", "15.71.01", "15.71.01.1001", "91.03.01.3007"}) {
    const RegionCode c = P(text);
    EXPECT_EQ(c.dotted(), text);
    EXPECT_EQ(P(c.undotted()), c);
  }
  EXPECT_EQ(P("15.03.03.2024").undotted(), "1503032024");
  EXPECT_EQ(P("11.01").undotted(), "1101");
}

TEST(RegionCodeTest, FromPackedChecksConsistency) {
  ASSERT_TRUE(RegionCode::FromPacked(1571011001).has_value());
  EXPECT_EQ(*RegionCode::FromPacked(1571011001), P("15.71.01.1001"));
  EXPECT_EQ(RegionCode::FromPacked(1500000000)->level(), RegionLevel::kProvince);
  EXPECT_EQ(RegionCode::FromPacked(1571010000)->level(), RegionLevel::kDistrict);
  EXPECT_FALSE(RegionCode::FromPacked(0).has_value());
  EXPECT_FALSE(RegionCode::FromPacked(1500010000).has_value());   // district without regency
  EXPECT_FALSE(RegionCode::FromPacked(1571001001).has_value());   // village without district
  EXPECT_FALSE(RegionCode::FromPacked(10000000000).has_value());  // 11 digits
  EXPECT_FALSE(RegionCode::FromPacked(1570000000).has_value());   // regency 70
  EXPECT_FALSE(RegionCode::FromPacked(1571010001).has_value());   // village 0001
}

TEST(RegionCodeTest, OrderingFollowsPackedCode) {
  EXPECT_LT(P("15"), P("15.01"));
  EXPECT_LT(P("15.03.03"), P("15.03.03.2024"));
  EXPECT_LT(P("15.72"), P("16"));
}

TEST(RegionCodeTest, NamesOfLevelsAndKinds) {
  EXPECT_EQ(RegionLevelName(RegionLevel::kProvince), "province");
  EXPECT_EQ(RegionLevelName(RegionLevel::kRegency), "regency");
  EXPECT_EQ(RegionLevelName(RegionLevel::kDistrict), "district");
  EXPECT_EQ(RegionLevelName(RegionLevel::kVillage), "village");
  EXPECT_EQ(RegionKindName(RegionKind::kKabupaten), "kabupaten");
  EXPECT_EQ(RegionKindName(RegionKind::kKota), "kota");
  EXPECT_EQ(RegionKindName(RegionKind::kKecamatan), "kecamatan");
  EXPECT_EQ(RegionKindName(RegionKind::kKelurahan), "kelurahan");
  EXPECT_EQ(RegionKindName(RegionKind::kDesa), "desa");
  EXPECT_EQ(RegionKindName(RegionKind::kDesaAdat), "desa_adat");
}

// Error messages name the rule, never the rejected value (personal-data rule).
TEST(RegionCodeTest, ErrorMessageDoesNotEchoInput) {
  Result<RegionCode> r = RegionCode::Parse("98.76.54.3210x", "nik_region");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("98"), std::string::npos);
  EXPECT_NE(r.status().message().find("Permendagri 137/2017"), std::string::npos);
}

}  // namespace
}  // namespace atensi
