// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Historical codes of the 2022 Papua split, kept because a NIK keeps the
// region code it was issued with: UU 14/2022 (Papua Selatan, 93), UU 15/2022
// (Papua Tengah, 94), UU 16/2022 (Papua Pegunungan, 95), all 25 July 2022, and
// UU 29/2022 (Papua Barat Daya, 96), 8 December 2022. Current codes per
// Kepmendagri 300.2.2-2430/2025.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "atensi/region.h"
#include "region/region_csv.h"

namespace atensi {
namespace {

using testing::ReadRegionCsv;

const RegionTable& T() { return RegionTable::Official(); }
RegionCode P(std::string_view text) { return *RegionCode::Parse(text); }

// UU 14/2022: Kabupaten Merauke, 91.01 before 2022, is now 93.01.
TEST(RegionAliasTest, MeraukeMovedToPapuaSelatan) {
  auto resolved = T().ResolveAlias(P("91.01"));
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->first, P("93.01"));
  EXPECT_EQ(resolved->second.old_code, P("91.01"));
  EXPECT_EQ(resolved->second.new_code, P("93.01"));
  EXPECT_EQ(resolved->second.legal_basis, "UU 14/2022");
  EXPECT_EQ(resolved->second.effective_date, "2022-07-25");
  EXPECT_EQ(T().Find(resolved->first)->name, "Kabupaten Merauke");
}

// UU 14/2022: descendants map by prefix (district Merauke 91.01.01 -> 93.01.01).
TEST(RegionAliasTest, DistrictAndVillageUnderMovedRegency) {
  auto district = T().ResolveAlias(P("910101"));
  ASSERT_TRUE(district.has_value());
  EXPECT_EQ(district->first, P("93.01.01"));
  EXPECT_EQ(district->first.level(), RegionLevel::kDistrict);
  EXPECT_EQ(T().Find(district->first)->name, "Merauke");
  EXPECT_EQ(district->second.legal_basis, "UU 14/2022");

  auto village = T().ResolveAlias(P("91.01.01.1001"));
  ASSERT_TRUE(village.has_value());
  EXPECT_EQ(village->first, P("93.01.01.1001"));
  EXPECT_EQ(village->first.level(), RegionLevel::kVillage);
}

// UU 15/2022, UU 16/2022, UU 29/2022: the other examples named in the brief.
TEST(RegionAliasTest, OtherNewProvinces) {
  struct Case {
    const char* old_code;
    const char* new_code;
    const char* basis;
    const char* date;
    const char* name;
  };
  for (const Case& c : {
           Case{"91.04", "94.01", "UU 15/2022", "2022-07-25", "Kabupaten Nabire"},
           Case{"91.02", "95.01", "UU 16/2022", "2022-07-25", "Kabupaten Jayawijaya"},
           Case{"92.01", "96.01", "UU 29/2022", "2022-12-08", "Kabupaten Sorong"},
           Case{"92.71", "96.71", "UU 29/2022", "2022-12-08", "Kota Sorong"},
       }) {
    auto r = T().ResolveAlias(P(c.old_code));
    ASSERT_TRUE(r.has_value()) << c.old_code;
    EXPECT_EQ(r->first, P(c.new_code)) << c.old_code;
    EXPECT_EQ(r->second.legal_basis, c.basis) << c.old_code;
    EXPECT_EQ(r->second.effective_date, c.date) << c.old_code;
    EXPECT_EQ(T().Find(r->first)->name, c.name) << c.old_code;
  }
}

// Regencies that stayed in Papua (91) or Papua Barat (92) keep their codes.
TEST(RegionAliasTest, RegenciesThatStayedHaveNoAlias) {
  for (const char* code : {"91.03", "91.71", "91.03.01", "92.02", "92.03", "92.12", "15.03"}) {
    EXPECT_FALSE(T().ResolveAlias(P(code)).has_value()) << code;
    EXPECT_TRUE(T().Contains(P(code))) << code;
  }
  EXPECT_FALSE(T().ResolveAlias(P("91")).has_value());  // the province itself did not move
  EXPECT_FALSE(T().ResolveAlias(P("15.10")).has_value());
}

// Every alias: old code gone, new code current; new province follows the law.
TEST(RegionAliasTest, AliasTableIsConsistent) {
  const std::map<std::string, int> province_of_law = {
      {"UU 14/2022", 93}, {"UU 15/2022", 94}, {"UU 16/2022", 95}, {"UU 29/2022", 96}};
  ASSERT_EQ(T().aliases().size(), 26u);  // 4 + 8 + 8 regencies from 91, 6 from 92
  std::map<int, int> per_new_province;
  for (const RegionAlias& a : T().aliases()) {
    EXPECT_EQ(a.old_code.level(), RegionLevel::kRegency);
    EXPECT_FALSE(T().Contains(a.old_code)) << a.old_code.dotted();
    EXPECT_TRUE(T().Contains(a.new_code)) << a.new_code.dotted();
    ASSERT_EQ(province_of_law.count(std::string(a.legal_basis)), 1u) << a.legal_basis;
    EXPECT_EQ(a.new_code.province_part(), province_of_law.at(std::string(a.legal_basis)));
    EXPECT_EQ(a.old_code.province_part(), a.new_code.province_part() == 96 ? 92 : 91);
    ++per_new_province[a.new_code.province_part()];
  }
  // Every regency of the four new provinces came from 91 or 92.
  for (const auto& [province, n] : per_new_province) {
    const int pp = province;
    EXPECT_EQ(
        static_cast<std::size_t>(n),
        T().Children(*RegionCode::FromPacked(static_cast<std::uint64_t>(pp) * 100000000u)).size())
        << pp;
  }
}

// The compiled aliases equal data/regions/aliases.csv.
TEST(RegionAliasTest, AliasesMatchSourceCsv) {
  const auto rows = ReadRegionCsv("aliases.csv");
  ASSERT_EQ(rows.size(), T().aliases().size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RegionAlias& a = T().aliases()[i];
    EXPECT_EQ(a.old_code.dotted(), rows[i][0]);
    EXPECT_EQ(a.new_code.dotted(), rows[i][1]);
    EXPECT_EQ(a.legal_basis, rows[i][2]);
    EXPECT_EQ(a.effective_date, rows[i][3]);
  }
}

TEST(RegionAliasTest, KnownProvinces) {
  for (const Region& p : T().Provinces()) EXPECT_TRUE(T().IsKnownProvince(p.code.province_part()));
  for (int pp : {0, 10, 20, 22, 30, 37, 50, 60, 70, 80, 90, 97, 99, 100, -1}) {
    EXPECT_FALSE(T().IsKnownProvince(pp)) << pp;
  }
}

}  // namespace
}  // namespace atensi
