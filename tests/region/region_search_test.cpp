// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Name search over the official names of Kepmendagri 300.2.2-2430/2025
// (codes per Permendagri 137/2017).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "atensi/region.h"
#include "region/region_csv.h"

namespace atensi {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using testing::ReadRegionCsv;

const RegionTable& T() { return RegionTable::Official(); }
RegionCode P(std::string_view text) { return *RegionCode::Parse(text); }

std::vector<std::string> Codes(const std::vector<Region>& regions) {
  std::vector<std::string> out;
  for (const Region& r : regions) out.push_back(r.code.dotted());
  return out;
}

TEST(RegionSearchTest, PlainWordFindsRegencyDistrictInOrder) {
  const std::vector<Region> hits = T().SearchByName("sarolangun");
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0].code.dotted(), "15.03");  // level then code: regency before district
  EXPECT_EQ(hits[0].name, "Kabupaten Sarolangun");
  EXPECT_THAT(Codes(hits), Contains("15.03.03"));
}

TEST(RegionSearchTest, IgnoresCaseSpacesAndPunctuation) {
  for (const char* q : {"SAROLANGUN", "Sarolangun", "  sarolangun  ", "Kabupaten Sarolangun",
                        "kabupaten-sarolangun", "KAB. SAROLANGUN", "Kab Sarolangun",
                        "kab.sarolangun", "kabupatensarolangun"}) {
    EXPECT_THAT(Codes(T().SearchByName(q, 20, RegionLevel::kRegency)), ElementsAre("15.03")) << q;
  }
}

TEST(RegionSearchTest, PrefixOfNameOrOfAnyWord) {
  EXPECT_THAT(Codes(T().SearchByName("sarol", 20, RegionLevel::kRegency)), ElementsAre("15.03"));
  EXPECT_THAT(Codes(T().SearchByName("kabupaten saro", 20, RegionLevel::kRegency)),
              ElementsAre("15.03"));
  EXPECT_THAT(Codes(T().SearchByName("kota jambi", 20, RegionLevel::kRegency)),
              ElementsAre("15.71"));
  // "jambi" is a word of "Kota Jambi" and of "Kabupaten Muaro Jambi".
  EXPECT_THAT(Codes(T().SearchByName("jambi", 20, RegionLevel::kRegency)),
              ElementsAre("15.05", "15.71"));
  EXPECT_THAT(Codes(T().SearchByName("jambi", 20, RegionLevel::kProvince)), ElementsAre("15"));
  // Not an infix: "rolangun" starts no word.
  EXPECT_TRUE(T().SearchByName("rolangun").empty());
}

TEST(RegionSearchTest, HyphenAndApostropheNames) {
  EXPECT_THAT(Codes(T().SearchByName("Fak-Fak", 20, RegionLevel::kRegency)), ElementsAre("92.03"));
  EXPECT_THAT(Codes(T().SearchByName("fakfak", 20, RegionLevel::kRegency)), ElementsAre("92.03"));
  // "Regapu’u" (U+2019): the apostrophe neither matters nor splits the word.
  for (const char* q : {"regapuu", "Regapu'u", "Regapu\u2019u", "REGAPU"}) {
    EXPECT_THAT(Codes(T().SearchByName(q, 20, RegionLevel::kVillage)), Contains("53.07.01.2021"))
        << q;
  }
  EXPECT_THAT(Codes(T().SearchByName("puu", 50, RegionLevel::kVillage)),
              Not(Contains("53.07.01.2021")));
}

TEST(RegionSearchTest, LevelFilter) {
  const std::vector<Region> districts = T().SearchByName("merauke", 50, RegionLevel::kDistrict);
  ASSERT_FALSE(districts.empty());
  for (const Region& r : districts) EXPECT_EQ(r.code.level(), RegionLevel::kDistrict);
  EXPECT_THAT(Codes(districts), Contains("93.01.01"));
  EXPECT_THAT(Codes(T().SearchByName("merauke", 50, RegionLevel::kRegency)), ElementsAre("93.01"));
}

TEST(RegionSearchTest, WithinFilter) {
  const std::vector<Region> hits = T().SearchByName("baru", 1000, std::nullopt, P("15.03"));
  ASSERT_FALSE(hits.empty());
  for (const Region& r : hits) EXPECT_TRUE(P("15.03").Contains(r.code)) << r.code.dotted();
  EXPECT_THAT(Codes(hits), Contains("15.03.03.2024"));  // "Desa Baru"
  EXPECT_TRUE(T().SearchByName("sarolangun", 20, std::nullopt, P("16")).empty());
}

TEST(RegionSearchTest, OrderedByLevelThenCodeAndLimited) {
  const std::vector<Region> hits = T().SearchByName("baru", 500);
  ASSERT_EQ(hits.size(), 500u);
  for (std::size_t i = 1; i < hits.size(); ++i) {
    const auto a = std::make_pair(hits[i - 1].code.level(), hits[i - 1].code);
    const auto b = std::make_pair(hits[i].code.level(), hits[i].code);
    EXPECT_LT(a, b) << i;
  }
  EXPECT_EQ(T().SearchByName("baru", 3).size(), 3u);
  EXPECT_TRUE(T().SearchByName("baru", 0).empty());
}

// Level words that official names do not carry ("Kec.", "Desa", "Prov.").
TEST(RegionSearchTest, LevelWordsNarrowTheLevel) {
  EXPECT_THAT(Codes(T().SearchByName("Kec. Sentani")),
              ElementsAre("91.03.01", "91.03.02", "91.03.04"));
  EXPECT_THAT(Codes(T().SearchByName("distrik sentani timur")), ElementsAre("91.03.02"));
  EXPECT_THAT(Codes(T().SearchByName("prov jambi")), ElementsAre("15"));
  // "Desa Baru" is itself a village name; both readings are kept.
  const std::vector<Region> hits = T().SearchByName("desa baru", 5000, std::nullopt, P("13.12.07"));
  EXPECT_THAT(Codes(hits), Contains("13.12.07.2002"));
  for (const Region& r : hits) EXPECT_EQ(r.code.level(), RegionLevel::kVillage);
  // An explicit level that contradicts the level word keeps the literal reading.
  EXPECT_TRUE(T().SearchByName("kec sentani", 20, RegionLevel::kVillage).empty());
}

TEST(RegionSearchTest, EmptyAndUnknownQueries) {
  EXPECT_TRUE(T().SearchByName("").empty());
  EXPECT_TRUE(T().SearchByName("  .,-/ ").empty());
  EXPECT_TRUE(T().SearchByName("\u2019").empty());
  EXPECT_TRUE(T().SearchByName("zzqxzzqx").empty());
}

// The generator's normaliser and the query normaliser agree: every regency and
// district (and every 25th village) is found by its own official name.
TEST(RegionSearchTest, EveryNameFindsItself) {
  std::size_t misses = 0;
  std::size_t checked = 0;
  for (const char* file : {"provinces.csv", "regencies.csv", "districts.csv", "villages.csv"}) {
    const auto rows = ReadRegionCsv(file);
    ASSERT_FALSE(rows.empty()) << file;
    const bool village = std::string(file) == "villages.csv";
    for (std::size_t i = 0; i < rows.size(); i += village ? 25 : 1) {
      const RegionCode code = P(rows[i][0]);
      const std::optional<RegionCode> parent = code.parent();
      const std::vector<Region> hits = T().SearchByName(rows[i][1], 1000, code.level(), parent);
      ++checked;
      if (std::none_of(hits.begin(), hits.end(), [&](const Region& r) { return r.code == code; })) {
        if (++misses <= 5) ADD_FAILURE() << "not found by its name: " << rows[i][0];
      }
    }
  }
  EXPECT_EQ(misses, 0u);
  EXPECT_GT(checked, 10000u);
}

}  // namespace
}  // namespace atensi
