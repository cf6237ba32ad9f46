// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Hostile input through the region entry points (region.h): Parse, Lookup
// and SearchByName must refuse or find nothing, name the field and the rule
// ("region.format", Permendagri 137/2017 codification), and stay fast on a
// 10 MB query.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "atensi/region.h"
#include "hostile_inputs.h"

namespace atensi {
namespace {

TEST(HostileRegionTest, ParseRefusesEveryHostileStringNamingTheField) {
  for (const auto& h : testing::HostileStrings()) {
    SCOPED_TRACE(h.label);
    auto code = RegionCode::Parse(h.text, "KdWilayah");
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(code.status().reason(), "region.format");
    EXPECT_EQ(code.status().field(), "KdWilayah");
    EXPECT_LT(code.status().message().size(), 1000u);
    auto found = RegionTable::Official().Lookup(h.text, "domicile");
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.status().field(), "domicile");
  }
}

TEST(HostileRegionTest, CodesWithHostileTails) {
  using namespace std::string_literals;
  for (const std::string& bad :
       {"15.71\0"s, "15.71'; DROP TABLE regions;--"s, "15.71.01.1001.1"s, "15.71.01.10011"s,
        "15.7l"s, "15.-1"s, "+15"s, "1 5"s, "15.71.01.1001\xC3"s, "00.00"s, "15.00.01"s}) {
    SCOPED_TRACE(bad);
    auto code = RegionCode::Parse(bad);
    EXPECT_FALSE(code.ok());
    if (!code.ok()) {
      EXPECT_EQ(code.status().reason(), "region.format");
    }
  }
}

TEST(HostileRegionTest, NameSearchSurvivesHostileQueriesQuickly) {
  const RegionTable& table = RegionTable::Official();
  for (const auto& h : testing::HostileStrings()) {
    SCOPED_TRACE(h.label);
    const auto start = std::chrono::steady_clock::now();
    const auto hits = table.SearchByName(h.text, 20);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LE(hits.size(), 20u);
    // Bounded work: the 10 MB query must not be quadratic (generous for ASan).
    EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
  }
  EXPECT_TRUE(table.SearchByName("1'; DROP TABLE regions;--").empty());
}

}  // namespace
}  // namespace atensi
