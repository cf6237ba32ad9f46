// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Agencies: the parties that work a child's case together.
//
// The 2020 Alyatama audience in Jambi (shared/seed/alyatama-jambi-2020.txt,
// [S6]) named the parties: the provincial social service and its divisions,
// the regency/city social services, the Kemensos centre (Balai, later Sentra)
// Alyatama, the PKH regional coordinator and facilitators, the population and
// civil registration division (Dukcapil), the Sakti Peksos supervisor and the
// disability assistant. atensi.md §8 adds UPTD PPA, TKSK, LKSA, LPKS, Bapas,
// police, health and schools. An Agency is data: where it works (coverage, a
// set of region subtrees, effective-dated), what it offers (ATENSI components,
// service bases, AMPK categories, age range) and whether it takes new cases.
//
// Working areas change (the 2022 reorganisation into Sentra, Permensos 3/2022),
// so coverage is held as effective-dated periods, each marked confirmed or not
// (atensi.md §7.1: Alyatama's post-2022 area is UNCONFIRMED).

#ifndef ATENSI_ROUTING_AGENCY_H_
#define ATENSI_ROUTING_AGENCY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/region.h"
#include "atensi/vocabulary.h"

namespace atensi {

// Kind of agency. Numeric values are stable (stored, C ABI); append only.
enum class AgencyType : std::uint8_t {
  kRegencySocialService = 1,          // Dinas Sosial kabupaten/kota
  kProvincialSocialService = 2,       // Dinas Sosial provinsi (Jambi: Dinsos, Dukcapil)
  kPovertyHandlingDivision = 3,       // Bidang Penanganan Fakir Miskin (provincial division)
  kSocialEmpowermentDivision = 4,     // Bidang Pemberdayaan Sosial
  kSocialProtectionDivision = 5,      // Bidang Perlindungan dan Jaminan Sosial
  kSocialRehabilitationDivision = 6,  // Bidang Rehabilitasi Sosial
  kMinistryCentre = 7,                // Kemensos UPT: Balai / Sentra (e.g. Alyatama)
  kUptdPpa = 8,                       // UPTD Perlindungan Perempuan dan Anak
  kDukcapil = 9,                      // population and civil registration
  kPkhCoordination = 10,              // PKH regional coordination (korwil)
  kPkhFacilitator = 11,               // pendamping sosial PKH
  kSaktiPeksos = 12,                  // Satuan Bakti Pekerja Sosial
  kTksk = 13,                         // Tenaga Kesejahteraan Sosial Kecamatan
  kDisabilityAssistant = 14,          // pendamping disabilitas
  kLksa = 15,                         // Lembaga Kesejahteraan Sosial Anak
  kLpks = 16,                         // Lembaga Penyelenggaraan Kesejahteraan Sosial (UU SPPA)
  kBapas = 17,                        // Balai Pemasyarakatan (probation)
  kPolice = 18,
  kHealth = 19,  // puskesmas, hospital
  kSchool = 20,
};
inline constexpr int kAgencyTypeCount = 20;

// Administrative level at which an agency works.
enum class AgencyLevel : std::uint8_t {
  kNational = 1,  // Kemensos and its UPTs (national referral units)
  kProvince = 2,
  kRegencyCity = 3,  // kabupaten / kota
  kDistrict = 4,     // kecamatan (TKSK)
  kLocal = 5,        // a single facility (school, puskesmas, LKSA)
};

// Stable snake_case names ("ministry_centre", "regency_city", ...) and parses.
std::string_view Name(AgencyType v) noexcept;
std::string_view Name(AgencyLevel v) noexcept;
std::optional<AgencyType> ParseAgencyType(std::string_view s) noexcept;
std::optional<AgencyLevel> ParseAgencyLevel(std::string_view s) noexcept;

// One effective-dated working area: the union of region subtrees `regions`
// from `from` through `to` (inclusive; open-ended when absent).
struct CoveragePeriod {
  Date from{1900, 1, 1};
  std::optional<Date> to;
  std::vector<RegionCode> regions;
  // False when the area is carried forward without a source (say so in `note`).
  bool confirmed = true;
  std::string note;

  [[nodiscard]] bool InEffect(Date on) const { return on >= from && (!to || on <= *to); }
};

// Where an agency works over time. An empty coverage covers nothing.
struct Coverage {
  std::vector<CoveragePeriod> periods;

  // The period in effect on `on`, or nullptr. Periods must not overlap
  // (the registry loader enforces it).
  [[nodiscard]] const CoveragePeriod* PeriodAt(Date on) const;
  // True when `region` lies in a subtree of the period in effect on `on`.
  [[nodiscard]] bool Covers(RegionCode region, Date on) const;
};

// What an agency offers and to whom.
struct Services {
  std::vector<AtensiComponent> components;  // empty: none declared
  std::vector<ServiceBase> bases;           // empty: none declared
  AmpkSet categories;                       // empty: any child
  int age_min = 0;                          // inclusive
  int age_max = kAgeOfMajority - 1;         // inclusive

  // True when a child of `age` with `cats` fits the declared age range and,
  // if both sides name categories, shares at least one of them (a child not
  // yet assessed, with no category, is not turned away on category).
  [[nodiscard]] bool Accepts(int age, AmpkSet cats) const;
};

struct Agency {
  std::string id;    // stable, [a-z0-9._-]{1,64}, e.g. "dinsos.15.03"
  std::string name;  // official name, e.g. "Dinas Sosial Kabupaten Sarolangun"
  AgencyType type = AgencyType::kRegencySocialService;
  AgencyLevel level = AgencyLevel::kRegencyCity;
  std::string parent_id;  // the agency this one is a division or unit of; may be empty
  Coverage coverage;
  Services services;
  bool accepts_new_cases = true;
  std::optional<Date> effective_from;  // the agency exists from (inclusive)
  std::optional<Date> effective_to;    // until (inclusive)
  std::string source;  // where the registry entry comes from ("[S6] ...", "region table")
  std::string note;
  bool generated = false;  // generated from the region table, not listed in data

  // The agency exists on `on`.
  [[nodiscard]] bool InEffect(Date on) const {
    return (!effective_from || on >= *effective_from) && (!effective_to || on <= *effective_to);
  }
};

}  // namespace atensi

#endif  // ATENSI_ROUTING_AGENCY_H_
