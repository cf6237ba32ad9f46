// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/routing/agency_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "routing_test_util.h"

namespace atensi {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing_util::Code;
using testing_util::D;
using testing_util::DefaultRegistry;

TEST(AgencyTypeTest, NamesRoundTripAndAreStable) {
  for (int i = 1; i <= kAgencyTypeCount; ++i) {
    auto t = static_cast<AgencyType>(i);
    auto parsed = ParseAgencyType(Name(t));
    ASSERT_TRUE(parsed.has_value()) << i;
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_EQ(static_cast<int>(AgencyType::kMinistryCentre), 7);
  EXPECT_EQ(Name(AgencyType::kUptdPpa), "uptd_ppa");
  EXPECT_FALSE(ParseAgencyType("dinas").has_value());
  EXPECT_EQ(ParseAgencyLevel("regency_city"), AgencyLevel::kRegencyCity);
}

// [S6]: the parties of the 2020 Alyatama audience are in the default registry.
TEST(DefaultRegistryTest, HoldsTheSeedParties) {
  const auto& reg = DefaultRegistry();
  EXPECT_EQ(reg.version(), "jambi-2020.1");
  struct Want {
    const char* id;
    AgencyType type;
  };
  for (const Want& w : {Want{"dinsos.15", AgencyType::kProvincialSocialService},
                        Want{"dinsos.15.div.poverty", AgencyType::kPovertyHandlingDivision},
                        Want{"dinsos.15.div.empowerment", AgencyType::kSocialEmpowermentDivision},
                        Want{"dinsos.15.div.protection", AgencyType::kSocialProtectionDivision},
                        Want{"dinsos.15.div.dukcapil", AgencyType::kDukcapil},
                        Want{"kemensos.sentra.alyatama", AgencyType::kMinistryCentre},
                        Want{"pkh.korwil.15", AgencyType::kPkhCoordination},
                        Want{"pkh.pendamping.15.03", AgencyType::kPkhFacilitator},
                        Want{"sakti-peksos.15", AgencyType::kSaktiPeksos},
                        Want{"pendamping-disabilitas.15", AgencyType::kDisabilityAssistant},
                        Want{"uptd-ppa.15", AgencyType::kUptdPpa}}) {
    const Agency* a = reg.FindById(w.id);
    ASSERT_NE(a, nullptr) << w.id;
    EXPECT_EQ(a->type, w.type) << w.id;
    EXPECT_FALSE(a->source.empty()) << w.id;
    EXPECT_FALSE(a->generated) << w.id;
  }
  // Divisions point at the provincial service.
  EXPECT_EQ(reg.FindById("dinsos.15.div.poverty")->parent_id, "dinsos.15");
}

// atensi.md §10.5: Jambi has 11 regencies/cities, each with a listed social service.
TEST(DefaultRegistryTest, ListsTheElevenJambiRegencySocialServices) {
  const auto& reg = DefaultRegistry();
  int listed = 0;
  for (const Region& r : RegionTable::Official().Children(Code("15"))) {
    const Agency* a = reg.FindById("dinsos." + r.code.dotted());
    ASSERT_NE(a, nullptr) << r.code.dotted();
    EXPECT_EQ(a->type, AgencyType::kRegencySocialService);
    EXPECT_FALSE(a->generated);
    EXPECT_THAT(a->name, HasSubstr(std::string(r.name)));
    ++listed;
  }
  EXPECT_EQ(listed, 11);
}

// UU 23/2014 annex F: every province and regency/city has a social service;
// the generic ones are generated from the region table.
TEST(DefaultRegistryTest, GeneratesGenericOfficesForEveryProvinceAndRegency) {
  const auto& reg = DefaultRegistry();
  const auto& table = RegionTable::Official();
  std::size_t provinces = 0;
  std::size_t regencies = 0;
  for (const Region& p : table.Provinces()) {
    const Agency* a = reg.FindById("dinsos." + p.code.dotted());
    ASSERT_NE(a, nullptr) << p.code.dotted();
    EXPECT_EQ(a->type, AgencyType::kProvincialSocialService);
    EXPECT_EQ(a->generated, p.code.province_part() != 15);
    ++provinces;
    for (const Region& r : table.Children(p.code)) {
      const Agency* o = reg.FindById("dinsos." + r.code.dotted());
      ASSERT_NE(o, nullptr) << r.code.dotted();
      EXPECT_EQ(o->type, AgencyType::kRegencySocialService);
      ++regencies;
    }
  }
  EXPECT_EQ(provinces, table.count(RegionLevel::kProvince));
  EXPECT_EQ(regencies, table.count(RegionLevel::kRegency));
  EXPECT_EQ(provinces, 38u);
  const Agency* riau = reg.FindById("dinsos.14.71");
  ASSERT_NE(riau, nullptr);
  EXPECT_EQ(riau->name, "Dinas Sosial Kota Pekanbaru");
  EXPECT_TRUE(riau->generated);
  EXPECT_THAT(riau->source, HasSubstr("region table"));
}

// atensi.md §7.1 [S8]: Alyatama's 2020 working area is Jambi, Sumatera
// Selatan, Bengkulu and Kepulauan Bangka Belitung; Riau is outside; after
// 2022 the area is UNCONFIRMED.
TEST(DefaultRegistryTest, AlyatamaWorkingAreaIsEffectiveDated) {
  const auto& reg = DefaultRegistry();
  for (const char* prov : {"15", "16", "17", "19"}) {
    const Agency* c = reg.MinistryCentreFor(Code(prov), D("2020-10-01"));
    ASSERT_NE(c, nullptr) << prov;
    EXPECT_EQ(c->id, "kemensos.sentra.alyatama");
    EXPECT_TRUE(c->coverage.PeriodAt(D("2020-10-01"))->confirmed);
  }
  EXPECT_EQ(reg.MinistryCentreFor(Code("14"), D("2020-10-01")), nullptr);
  EXPECT_EQ(reg.MinistryCentreFor(Code("18"), D("2020-10-01")), nullptr);
  // Before the data's first period there is no recorded working area.
  EXPECT_EQ(reg.MinistryCentreFor(Code("15"), D("2019-06-01")), nullptr);
  // After the 2022 reorganisation the area is carried forward, unconfirmed.
  const Agency* later = reg.MinistryCentreFor(Code("17.01"), D("2024-05-01"));
  ASSERT_NE(later, nullptr);
  const CoveragePeriod* p = later->coverage.PeriodAt(D("2024-05-01"));
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->confirmed);
  EXPECT_THAT(p->note, HasSubstr("UNCONFIRMED"));
}

TEST(DefaultRegistryTest, FindByTypeReturnsMostSpecificCoverageFirst) {
  const auto& reg = DefaultRegistry();
  auto found =
      reg.FindByType(AgencyType::kRegencySocialService, Code("15.03.01.2001"), D("2021-01-01"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->id, "dinsos.15.03");
  const Agency* pkh = reg.FindFirst(AgencyType::kPkhFacilitator, Code("15.71.01"), D("2021-01-01"));
  ASSERT_NE(pkh, nullptr);
  EXPECT_EQ(pkh->id, "pkh.pendamping.15.71");
  // Province-level agencies serve every regency of the province.
  const Agency* dukcapil = reg.FindFirst(AgencyType::kDukcapil, Code("15.03"), D("2021-01-01"));
  ASSERT_NE(dukcapil, nullptr);
  EXPECT_EQ(dukcapil->id, "dinsos.15.div.dukcapil");
  // Nothing of that type outside the coverage.
  EXPECT_EQ(reg.FindFirst(AgencyType::kDukcapil, Code("14.71"), D("2021-01-01")), nullptr);
  EXPECT_EQ(reg.FindById("no.such.agency"), nullptr);
}

// --- Loader: validation errors carry the JSON line and the agency id. ---

Result<AgencyRegistry> Load(const std::string& text) {
  return AgencyRegistry::FromJson(text, RegionTable::Official());
}

const char* kHeader = R"({
  "format": "atensi.agencies/1",
  "version": "t1",
  "effective_from": "2020-01-01",
  "agencies": [
)";

TEST(AgencyRegistryLoadTest, AcceptsAMinimalRegistry) {
  auto r = Load(std::string(kHeader) + R"(    {"id": "a.one", "name": "A", "type": "tksk",
     "level": "district", "coverage": ["15.03.01"], "source": "test"}
  ]
})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->agencies().size(), 1u);
  EXPECT_EQ(r->version(), "t1");
  EXPECT_EQ(r->effective_from(), D("2020-01-01"));
}

TEST(AgencyRegistryLoadTest, UnknownTypeNamesLineAndAgency) {
  auto r = Load(std::string(kHeader) + R"(    {"id": "a.one", "name": "A", "type": "tksk",
     "level": "district", "coverage": ["15.03.01"], "source": "test"},
    {"id": "a.two", "name": "B",
     "type": "dinas",
     "level": "district", "coverage": ["15.03.01"], "source": "test"}
  ]
})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "agency_registry.type_unknown");
  EXPECT_THAT(r.status().message(), StartsWith("line 9, agency 'a.two': unknown type"));
  EXPECT_EQ(r.status().field(), "/agencies/1/type");
}

TEST(AgencyRegistryLoadTest, RejectsDuplicateIdsUnknownRegionsAndMissingSource) {
  auto dup = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "level": "district", "coverage": ["15.03.01"], "source": "s"},
    {"id": "a", "name": "B", "type": "tksk",
     "level": "district", "coverage": ["15.03.01"], "source": "s"}
  ]
})");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().reason(), "agency_registry.duplicate_id");
  EXPECT_THAT(dup.status().message(), StartsWith("line 8, agency 'a'"));
  EXPECT_THAT(dup.status().message(), HasSubstr("first at line 6"));

  auto region = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "level": "district", "coverage": ["15.99"], "source": "s"}
  ]
})");
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.status().reason(), "agency_registry.region_unknown");
  EXPECT_THAT(region.status().message(), StartsWith("line 7, agency 'a'"));

  auto source = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "level": "district", "coverage": ["15.03"], "source": ""}
  ]
})");
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().reason(), "agency_registry.source_missing");
}

TEST(AgencyRegistryLoadTest, RejectsOverlappingOrUnexplainedCoveragePeriods) {
  auto overlap = Load(std::string(kHeader) + R"(    {"id": "c", "name": "C",
     "type": "ministry_centre", "level": "national", "source": "s",
     "coverage": [
       {"from": "2020-01-01", "to": "2021-12-31", "regions": ["15"]},
       {"from": "2021-06-01", "regions": ["16"]}
     ]}
  ]
})");
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.status().reason(), "agency_registry.coverage_overlap");
  EXPECT_THAT(overlap.status().message(), StartsWith("line 10, agency 'c'"));

  auto unexplained = Load(std::string(kHeader) + R"(    {"id": "c", "name": "C",
     "type": "ministry_centre", "level": "national", "source": "s",
     "coverage": [{"from": "2022-01-01", "regions": ["15"], "confirmed": false}]}
  ]
})");
  ASSERT_FALSE(unexplained.ok());
  EXPECT_EQ(unexplained.status().reason(), "agency_registry.coverage_note");

  auto regency_centre = Load(std::string(kHeader) + R"(    {"id": "c", "name": "C",
     "type": "ministry_centre", "level": "national", "source": "s", "coverage": ["15.03"]}
  ]
})");
  ASSERT_FALSE(regency_centre.ok());
  EXPECT_EQ(regency_centre.status().reason(), "agency_registry.centre_coverage");
}

TEST(AgencyRegistryLoadTest, SyntaxErrorsAndTyposNameTheLine) {
  auto syntax =
      Load("{\n  \"format\": \"atensi.agencies/1\",\n  \"version\": \"x\" \n  \"agencies\": []\n}");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().reason(), "agency_registry.syntax");
  EXPECT_THAT(syntax.status().message(), StartsWith("line 4"));

  auto typo = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "levle": "district", "coverage": ["15.03"], "source": "s"}
  ]
})");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().reason(), "agency_registry.unknown_field");
  EXPECT_THAT(typo.status().message(), HasSubstr("'levle'"));

  auto dupkey = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "type": "bapas", "level": "district", "coverage": ["15.03"], "source": "s"}
  ]
})");
  ASSERT_FALSE(dupkey.ok());
  EXPECT_EQ(dupkey.status().reason(), "agency_registry.duplicate_key");
  EXPECT_THAT(dupkey.status().message(), StartsWith("line 7"));

  auto parent = Load(std::string(kHeader) + R"(    {"id": "a", "name": "A", "type": "tksk",
     "level": "district", "parent": "nobody", "coverage": ["15.03"], "source": "s"}
  ]
})");
  ASSERT_FALSE(parent.ok());
  EXPECT_EQ(parent.status().reason(), "agency_registry.parent_unknown");
}

TEST(AgencyRegistryLoadTest, AgencyEffectiveDatesAndIntakeLimitLookups) {
  auto r = Load(std::string(kHeader) + R"(    {"id": "old", "name": "Old", "type": "lksa",
     "level": "local", "coverage": ["15.03"], "source": "s", "effective_to": "2020-12-31"},
    {"id": "full", "name": "Full", "type": "lpks", "level": "local",
     "coverage": ["15.03"], "source": "s", "accepts_new_cases": false},
    {"id": "teen", "name": "Teen", "type": "bapas", "level": "regency_city",
     "coverage": ["15.03"], "source": "s", "services": {"age_min": 12, "age_max": 17}}
  ]
})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->FindFirst(AgencyType::kLksa, Code("15.03.01"), D("2020-06-01")), nullptr);
  EXPECT_EQ(r->FindFirst(AgencyType::kLksa, Code("15.03.01"), D("2021-01-01")), nullptr);
  EXPECT_EQ(r->FindFirst(AgencyType::kLpks, Code("15.03.01"), D("2021-01-01")), nullptr);
  EXPECT_EQ(r->FindByType(AgencyType::kLpks, Code("15.03.01"), D("2021-01-01")).size(), 1u);
  EXPECT_EQ(r->FindFirst(AgencyType::kBapas, Code("15.03"), D("2021-01-01"), 10, {}), nullptr);
  EXPECT_NE(r->FindFirst(AgencyType::kBapas, Code("15.03"), D("2021-01-01"), 14, {}), nullptr);
}

TEST(AgencyRegistryLoadTest, DefaultJsonIsTheShippedFile) {
  EXPECT_THAT(std::string(AgencyRegistry::DefaultJson()), HasSubstr("kemensos.sentra.alyatama"));
  EXPECT_THAT(std::string(AgencyRegistry::DefaultJson()), HasSubstr("\"atensi.agencies/1\""));
}

}  // namespace
}  // namespace atensi
