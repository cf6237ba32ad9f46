// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Jurisdiction: which level of government, and which agency, is competent for
// a child's rehabilitation need.
//
// Encodes the decision table of shared/domain/atensi.md §6.4, derived from
//   - UU 23/2014 annex F "Pembagian Urusan Pemerintahan Bidang Sosial",
//     sub-urusan 3 Rehabilitasi Sosial: regency/city = rehabilitation not
//     needing a panti (except NAPZA and HIV/AIDS) and rehabilitation of ABH;
//     province = rehabilitation inside a panti (except NAPZA and HIV/AIDS;
//     annex wording UNCONFIRMED, paraphrase [S11]); central (Kemensos) =
//     NAPZA and HIV/AIDS. Sub-urusan 4: care of neglected children at the
//     regency/city; sub-urusan 5: disaster response by disaster status.
//     Annex PPPA sub-urusan 6: special protection services (UPTD PPA).
//   - PP 2/2018 art 10: SPM basic rehabilitation of neglected children in a
//     panti (province, art 10(2)) and outside (regency/city, art 10(3)); the
//     disaster services at the level of the disaster (art 10(2)(e), (3)(e)).
// Rows are tried in a fixed precedence: NAPZA/HIV, ABH, disaster, residential,
// non-residential. A child victim of violence gets UPTD PPA as a concurrent
// authority for protection services next to the rehabilitation authority.
// The Kemensos centre whose working area covers the province is returned as
// the national referral option (atensi.md §6.3, §13 rule 23).
//
// The domicile is the child's recorded residence. It is never derived from a
// NIK prefix, which is the place of first registration (atensi.md §13 rule 29).

#ifndef ATENSI_ROUTING_JURISDICTION_H_
#define ATENSI_ROUTING_JURISDICTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/region.h"
#include "atensi/routing/agency.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

// Level of government competent for a need. Stable values.
enum class JurisdictionLevel : std::uint8_t { kRegencyCity = 1, kProvince = 2, kCentral = 3 };

// Status of a disaster (who declared it). Stable values.
enum class DisasterLevel : std::uint8_t { kRegencyCity = 1, kProvince = 2, kNational = 3 };

std::string_view Name(JurisdictionLevel v) noexcept;  // "regency_city", "province", "central"
std::string_view Name(DisasterLevel v) noexcept;      // "regency_city", "province", "national"
std::optional<DisasterLevel> ParseDisasterLevel(std::string_view s) noexcept;

// What the child needs. napza/hiv/abh are also implied by the matching AMPK
// categories (korban_napza, hiv_aids, abh).
struct Need {
  AmpkSet categories;
  bool residential = false;  // needs rehabilitation inside a panti
  bool napza = false;
  bool hiv = false;
  bool abh = false;
  std::optional<DisasterLevel> disaster;
};

// One competent authority with the reason it is competent.
struct CompetentAuthority {
  std::string rule_id;  // row of the table, e.g. "jurisdiction.abh"
  JurisdictionLevel level = JurisdictionLevel::kRegencyCity;
  AgencyType agency_type = AgencyType::kRegencySocialService;
  std::vector<std::string> agency_ids;  // empty when the registry has none for the domicile
  std::string legal_basis;              // "UU 23/2014 annex F sub-urusan 3 ..."
  std::string source;                   // "[S10]; atensi.md §6.4; §13 rule 18"
  std::string explanation;              // one plain sentence
};

struct JurisdictionAnswer {
  std::string rule_id;
  JurisdictionLevel level = JurisdictionLevel::kRegencyCity;
  std::vector<std::string> agency_ids;
  std::string legal_basis;
  std::string source;
  std::string explanation;
  // Agency types also able to serve (atensi.md §6.4 "also possible").
  std::vector<AgencyType> also_possible;
  // Authorities competent alongside, e.g. UPTD PPA for a victim of violence.
  std::vector<CompetentAuthority> concurrent;
  // The Kemensos centre covering the domicile's province on the date, if any.
  std::optional<std::string> national_referral_option;
  // False when that centre's working area on the date is not confirmed by a source.
  bool national_referral_confirmed = false;
};

// Resolves the competent level and agencies for `need` of a child living in
// `domicile` (regency/city level or below) on `on`.
// Errors: NotFound "jurisdiction.domicile_unknown" when the region is not in
// the registry's region table; InvalidArgument "jurisdiction.domicile_level"
// when the domicile is only a province.
Result<JurisdictionAnswer> Resolve(const Need& need, RegionCode domicile,
                                   const AgencyRegistry& registry, Date on);

}  // namespace atensi

#endif  // ATENSI_ROUTING_JURISDICTION_H_
