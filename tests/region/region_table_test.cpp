// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The compiled official table against its source data: Kepmendagri
// 300.2.2-2138/2025 as amended by 300.2.2-2430/2025 (data/regions/SOURCE.md),
// codes per Permendagri 137/2017.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "atensi/region.h"
#include "region/region_csv.h"

namespace atensi {
namespace {

using testing::ReadRegionCsv;

const RegionTable& T() { return RegionTable::Official(); }

RegionCode P(std::string_view text) { return *RegionCode::Parse(text); }

std::string NameOf(std::string_view code) {
  std::optional<Region> r = T().Find(P(code));
  return r ? std::string(r->name) : std::string("<missing>");
}

// Kepmendagri 300.2.2-2430/2025: 38 provinces, 514 regencies, 7,285 districts,
// 83,762 villages.
TEST(RegionTableTest, CountsPerLevel) {
  EXPECT_EQ(T().count(RegionLevel::kProvince), 38u);
  EXPECT_EQ(T().count(RegionLevel::kRegency), 514u);
  EXPECT_EQ(T().count(RegionLevel::kDistrict), 7285u);
  EXPECT_EQ(T().count(RegionLevel::kVillage), 83762u);
  EXPECT_EQ(T().size(), 38u + 514u + 7285u + 83762u);
}

// Kepmendagri 300.2.2-2430/2025: 416 kabupaten + 98 kota; 8,496 kelurahan,
// 75,252 desa and 14 desa adat (75,266 desa incl. desa adat).
TEST(RegionTableTest, CountsPerKindWalkingTheTree) {
  std::map<RegionKind, std::size_t> kinds;
  std::size_t visited = 0;
  std::vector<Region> frontier = T().Provinces();
  while (!frontier.empty()) {
    std::vector<Region> next;
    for (const Region& r : frontier) {
      ++kinds[r.kind];
      ++visited;
      std::vector<Region> children = T().Children(r.code);
      EXPECT_EQ(children.size(), r.child_count) << r.code.dotted();
      for (const Region& c : children) {
        EXPECT_EQ(*c.code.parent(), r.code);
        next.push_back(c);
      }
    }
    frontier = std::move(next);
  }
  EXPECT_EQ(visited, T().size());
  EXPECT_EQ(kinds[RegionKind::kProvince], 38u);
  EXPECT_EQ(kinds[RegionKind::kKabupaten], 416u);
  EXPECT_EQ(kinds[RegionKind::kKota], 98u);
  EXPECT_EQ(kinds[RegionKind::kKecamatan], 7285u);
  EXPECT_EQ(kinds[RegionKind::kKelurahan], 8496u);
  EXPECT_EQ(kinds[RegionKind::kDesa], 75252u);
  EXPECT_EQ(kinds[RegionKind::kDesaAdat], 14u);
}

// All 38 provinces, read from provinces.csv at test time, in code order.
TEST(RegionTableTest, AllProvincesMatchSourceCsv) {
  const auto rows = ReadRegionCsv("provinces.csv");
  ASSERT_EQ(rows.size(), 38u) << "cannot read data/regions/provinces.csv";
  const std::vector<Region> provinces = T().Provinces();
  ASSERT_EQ(provinces.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(provinces[i].code.dotted(), rows[i][0]);
    EXPECT_EQ(provinces[i].name, rows[i][1]);
    EXPECT_EQ(provinces[i].kind, RegionKind::kProvince);
  }
}

// Hand-written spot checks (Kepmendagri 300.2.2-2430/2025).
TEST(RegionTableTest, KnownProvinceNames) {
  EXPECT_EQ(NameOf("11"), "Aceh");
  EXPECT_EQ(NameOf("15"), "Jambi");
  EXPECT_EQ(NameOf("31"), "Daerah Khusus Ibukota Jakarta");
  EXPECT_EQ(NameOf("34"), "Daerah Istimewa Yogyakarta");
  EXPECT_EQ(NameOf("65"), "Kalimantan Utara");
  EXPECT_EQ(NameOf("93"), "Papua Selatan");
  EXPECT_EQ(NameOf("94"), "Papua Tengah");
  EXPECT_EQ(NameOf("95"), "Papua Pegunungan");
  EXPECT_EQ(NameOf("96"), "Papua Barat Daya");
}

// Every row of the four CSVs is in the compiled table with the same name, and
// nothing else is.
TEST(RegionTableTest, EveryCsvRowIsCompiledWithItsName) {
  std::size_t total = 0;
  for (const char* file : {"provinces.csv", "regencies.csv", "districts.csv", "villages.csv"}) {
    const auto rows = ReadRegionCsv(file);
    ASSERT_FALSE(rows.empty()) << file;
    std::size_t mismatches = 0;
    for (const auto& row : rows) {
      ASSERT_EQ(row.size(), 4u) << file;
      Result<RegionCode> code = RegionCode::Parse(row[0]);
      ASSERT_TRUE(code.ok()) << row[0];
      std::optional<Region> r = T().Find(*code);
      if (!r || r->name != row[1] || RegionLevelName(code->level()) != row[2]) ++mismatches;
      if (mismatches == 1 && (!r || r->name != row[1]))
        ADD_FAILURE() << "first mismatch " << row[0];
    }
    EXPECT_EQ(mismatches, 0u) << file;
    total += rows.size();
  }
  EXPECT_EQ(total, T().size());
}

// Jambi (15): 9 kabupaten and 2 kota.
TEST(RegionTableTest, JambiHasElevenRegencies) {
  const std::vector<Region> children = T().Children(P("15"));
  std::vector<std::pair<std::string, std::string>> got;
  for (const Region& r : children) got.emplace_back(r.code.dotted(), std::string(r.name));
  const std::vector<std::pair<std::string, std::string>> want = {
      {"15.01", "Kabupaten Kerinci"},
      {"15.02", "Kabupaten Merangin"},
      {"15.03", "Kabupaten Sarolangun"},
      {"15.04", "Kabupaten Batanghari"},
      {"15.05", "Kabupaten Muaro Jambi"},
      {"15.06", "Kabupaten Tanjung Jabung Barat"},
      {"15.07", "Kabupaten Tanjung Jabung Timur"},
      {"15.08", "Kabupaten Bungo"},
      {"15.09", "Kabupaten Tebo"},
      {"15.71", "Kota Jambi"},
      {"15.72", "Kota Sungai Penuh"},
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(T().Find(P("15"))->child_count, 11u);
  EXPECT_EQ(T().Find(P("15.71"))->kind, RegionKind::kKota);
  EXPECT_EQ(T().Find(P("15.03"))->kind, RegionKind::kKabupaten);
}

TEST(RegionTableTest, FindAbsentCodes) {
  EXPECT_FALSE(T().Find(P("15.10")).has_value());
  EXPECT_FALSE(T().Find(P("15.73")).has_value());
  EXPECT_FALSE(T().Find(P("20")).has_value());
  EXPECT_FALSE(T().Find(P("99")).has_value());
  EXPECT_FALSE(T().Find(P("91.01")).has_value());  // moved to 93.01 in 2022
  EXPECT_FALSE(T().Contains(P("15.03.03.2999")));
  EXPECT_TRUE(T().Contains(P("15.03.03")));
}

TEST(RegionTableTest, FindReturnsKindAndChildCount) {
  std::optional<Region> d = T().Find(P("15.03.03"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->name, "Sarolangun");
  EXPECT_EQ(d->kind, RegionKind::kKecamatan);
  EXPECT_GT(d->child_count, 0u);
  std::optional<Region> v = T().Find(P("15.03.03.2024"));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->name, "Desa Baru");
  EXPECT_EQ(v->kind, RegionKind::kDesa);
  EXPECT_EQ(v->child_count, 0u);
}

TEST(RegionTableTest, LookupParsesAndFinds) {
  Result<Region> ok = T().Lookup(" 1503 ", "regency");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->name, "Kabupaten Sarolangun");

  Result<Region> unknown = T().Lookup("15.73", "regency");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().reason(), "region.unknown");
  EXPECT_EQ(unknown.status().field(), "regency");
  EXPECT_NE(unknown.status().message().find("300.2.2-2430/2025"), std::string::npos);

  Result<Region> bad = T().Lookup("15.7x", "regency");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "region.format");
}

TEST(RegionTableTest, ChildrenOfVillageAndUnknownAreEmpty) {
  EXPECT_TRUE(T().Children(P("15.03.03.2024")).empty());
  EXPECT_TRUE(T().Children(P("15.73")).empty());
  EXPECT_TRUE(T().Children(P("91.01")).empty());
}

// Kepmendagri 300.2.2-2430/2025: all 14 desa adat are in Kabupaten Jayapura (91.03).
TEST(RegionTableTest, DesaAdatAreAllInKabupatenJayapura) {
  std::size_t desa_adat = 0;
  for (const Region& d : T().Children(P("91.03"))) {
    for (const Region& v : T().Children(d.code)) {
      if (v.kind == RegionKind::kDesaAdat) ++desa_adat;
    }
  }
  EXPECT_EQ(desa_adat, 14u);
  EXPECT_EQ(T().Find(P("91.03.01.3007"))->name, "Desa Adat Yoboi");
}

TEST(RegionTableTest, NamesKeepUtf8AndCommas) {
  EXPECT_EQ(NameOf("53.07.01.2021"), "Regapu\u2019u");
  EXPECT_EQ(NameOf("12.07.28.1007"), "Lubuk Pakam I,II");
  EXPECT_EQ(NameOf("92.03"), "Kabupaten Fak Fak");
}

// The decree tag comes from data/regions/SOURCE.md through the generator.
TEST(RegionTableTest, DecreeTag) { EXPECT_EQ(T().decree(), "Kepmendagri 300.2.2-2430/2025"); }

TEST(RegionTableTest, OfficialIsOneThreadSafeInstance) {
  std::vector<const RegionTable*> seen(8, nullptr);
  std::vector<std::size_t> found(8, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([i, &seen, &found] {
      seen[i] = &RegionTable::Official();
      found[i] = seen[i]->aliases().size() + (seen[i]->Find(P("15.03")) ? 1 : 0);
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], &RegionTable::Official());
    EXPECT_EQ(found[i], RegionTable::Official().aliases().size() + 1);
  }
}

}  // namespace
}  // namespace atensi
