// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Jurisdiction decision table, shared/domain/atensi.md §6.4.
//
// Precedence (first matching row decides the level):
//   1. NAPZA or HIV/AIDS            -> central (Kemensos)     UU 23/2014 annex F sub-urusan 3
//   2. ABH (any setting)            -> regency/city Dinsos    UU 23/2014 annex F sub-urusan 3
//   3. disaster-affected            -> level of the disaster  PP 2/2018 art 10(2)(e), (3)(e)
//   4. residential (panti) need     -> provincial Dinsos      annex F sub-urusan 3; PP 2/2018 art
//   10(2)
//   5. otherwise (outside panti)    -> regency/city Dinsos    annex F sub-urusan 3; PP 2/2018 art
//   10(3)
// Concurrent: a child victim of violence, sexual crime, exploitation or
// trafficking also gets UPTD PPA (annex PPPA sub-urusan 6).
// NAPZA/HIV comes first because the annex withholds it from both regional
// rows; ABH comes before the residential row because the regency/city row
// names ABH rehabilitation without a setting ("any setting", §6.4).

#include "atensi/routing/jurisdiction.h"

#include <utility>

namespace atensi {
namespace {

constexpr AmpkSet kViolence{AmpkCategory::kKekerasanFisikPsikis, AmpkCategory::kKejahatanSeksual,
                            AmpkCategory::kEksploitasiEkonomiSeksual,
                            AmpkCategory::kPenculikanPenjualanPerdagangan};

std::vector<std::string> Ids(const AgencyRegistry& registry, AgencyType type, RegionCode region,
                             Date on) {
  std::vector<std::string> ids;
  auto found = registry.FindByType(type, region, on);
  if (!found.empty()) ids.push_back(found.front()->id);
  return ids;
}

std::string NoneFound(AgencyType type) {
  return " No agency of type " + std::string(Name(type)) +
         " in the registry covers the domicile on this date.";
}

}  // namespace

std::string_view Name(JurisdictionLevel v) noexcept {
  switch (v) {
    case JurisdictionLevel::kRegencyCity:
      return "regency_city";
    case JurisdictionLevel::kProvince:
      return "province";
    case JurisdictionLevel::kCentral:
      return "central";
  }
  return "unknown";
}

std::string_view Name(DisasterLevel v) noexcept {
  switch (v) {
    case DisasterLevel::kRegencyCity:
      return "regency_city";
    case DisasterLevel::kProvince:
      return "province";
    case DisasterLevel::kNational:
      return "national";
  }
  return "unknown";
}

std::optional<DisasterLevel> ParseDisasterLevel(std::string_view s) noexcept {
  for (auto v : {DisasterLevel::kRegencyCity, DisasterLevel::kProvince, DisasterLevel::kNational}) {
    if (Name(v) == s) return v;
  }
  return std::nullopt;
}

Result<JurisdictionAnswer> Resolve(const Need& need, RegionCode domicile,
                                   const AgencyRegistry& registry, Date on) {
  if (!registry.regions().Contains(domicile)) {
    return NotFound("jurisdiction.domicile_unknown", "domicile",
                    "The domicile region code is not in the official region table "
                    "(Kepmendagri region codes, atensi.md §10.4).");
  }
  if (domicile.level() == RegionLevel::kProvince) {
    return InvalidArgument("jurisdiction.domicile_level", "domicile",
                           "Jurisdiction needs the regency/city of residence or a finer region: "
                           "UU 23/2014 annex F splits duties between province and regency/city.");
  }
  const bool napza = need.napza || need.categories.Has(AmpkCategory::kKorbanNapza);
  const bool hiv = need.hiv || need.categories.Has(AmpkCategory::kHivAids);
  const bool abh = need.abh || need.categories.Has(AmpkCategory::kAbh);
  const bool telantar = need.categories.Has(AmpkCategory::kPerlakuanSalahPenelantaran);
  const Agency* centre = registry.MinistryCentreFor(domicile, on);

  JurisdictionAnswer a;
  auto set_regional = [&](JurisdictionLevel level, AgencyType type) {
    a.level = level;
    a.agency_ids = Ids(registry, type, domicile, on);
    if (a.agency_ids.empty()) a.explanation += NoneFound(type);
  };
  if (napza || hiv) {
    a.rule_id = "jurisdiction.napza_hiv";
    a.level = JurisdictionLevel::kCentral;
    if (centre != nullptr) a.agency_ids.push_back(centre->id);
    a.legal_basis =
        "UU 23/2014 annex F, sub-urusan 3 Rehabilitasi Sosial: rehabilitation of (former) victims "
        "of NAPZA abuse and people with HIV/AIDS is a central (Kemensos) matter";
    a.source = "[S11][S54]; atensi.md §6.1, §6.4, §13 rule 20 (annex wording UNCONFIRMED)";
    a.explanation =
        "NAPZA or HIV/AIDS rehabilitation is withheld from both regional levels and lies with "
        "Kemensos." +
        a.explanation;
    if (centre == nullptr) a.explanation += NoneFound(AgencyType::kMinistryCentre);
  } else if (abh) {
    a.rule_id = "jurisdiction.abh";
    set_regional(JurisdictionLevel::kRegencyCity, AgencyType::kRegencySocialService);
    a.legal_basis =
        "UU 23/2014 annex F, sub-urusan 3 Rehabilitasi Sosial, regency/city row: \"rehabilitasi "
        "anak yang berhadapan dengan hukum\"";
    a.source = "[S10]; atensi.md §6.1, §6.4, §13 rule 18";
    a.explanation =
        "Rehabilitation of a child in contact with the law lies with the social "
        "service of the regency/city of residence, in any setting." +
        a.explanation;
    a.also_possible = {AgencyType::kLpks, AgencyType::kMinistryCentre, AgencyType::kBapas};
  } else if (need.disaster) {
    switch (*need.disaster) {
      case DisasterLevel::kRegencyCity:
        a.rule_id = "jurisdiction.disaster.regency_city";
        set_regional(JurisdictionLevel::kRegencyCity, AgencyType::kRegencySocialService);
        a.legal_basis =
            "PP 2/2018 art 10(3)(e): protection and social security during and after a "
            "regency/city disaster emergency; UU 23/2014 annex F sub-urusan 5 Penanganan Bencana";
        break;
      case DisasterLevel::kProvince:
        a.rule_id = "jurisdiction.disaster.province";
        set_regional(JurisdictionLevel::kProvince, AgencyType::kProvincialSocialService);
        a.legal_basis =
            "PP 2/2018 art 10(2)(e): protection and social security during and after a "
            "provincial disaster emergency";
        break;
      case DisasterLevel::kNational:
        a.rule_id = "jurisdiction.disaster.national";
        a.level = JurisdictionLevel::kCentral;
        if (centre != nullptr) a.agency_ids.push_back(centre->id);
        a.legal_basis =
            "PP 2/2018 art 10 assigns only regency/city and provincial disasters to the regions; a "
            "national disaster falls to the central government (derived)";
        break;
    }
    a.source = "[S10][S12]; atensi.md §6.1, §6.2, §6.4";
    a.explanation = "A disaster-affected child is served at the level of the declared disaster." +
                    a.explanation;
    a.also_possible = {AgencyType::kMinistryCentre};
  } else if (need.residential) {
    a.rule_id = "jurisdiction.residential";
    set_regional(JurisdictionLevel::kProvince, AgencyType::kProvincialSocialService);
    a.legal_basis =
        "UU 23/2014 annex F, sub-urusan 3 Rehabilitasi Sosial, province row: rehabilitation inside "
        "a panti except NAPZA and HIV/AIDS (paraphrase; annex wording UNCONFIRMED)";
    if (telantar) {
      a.legal_basis +=
          "; PP 2/2018 art 10(2)(b): SPM basic rehabilitation of anak telantar in a panti";
    }
    a.source = "[S11][S12]; atensi.md §6.1, §6.2, §6.4, §13 rules 19 and 21";
    a.explanation =
        "Residential (panti) rehabilitation other than NAPZA/HIV lies with the province." +
        a.explanation;
    a.also_possible = {AgencyType::kMinistryCentre, AgencyType::kLksa};
  } else {
    a.rule_id = "jurisdiction.non_residential";
    set_regional(JurisdictionLevel::kRegencyCity, AgencyType::kRegencySocialService);
    a.legal_basis =
        "UU 23/2014 annex F, sub-urusan 3 Rehabilitasi Sosial, regency/city row: rehabilitation "
        "not needing a panti, except NAPZA and HIV/AIDS";
    if (telantar) {
      a.legal_basis +=
          "; PP 2/2018 art 10(3)(b): SPM basic rehabilitation of anak telantar outside a panti; "
          "annex F sub-urusan 4: pemeliharaan anak terlantar";
    }
    a.source = "[S10][S12]; atensi.md §6.1, §6.2, §6.4, §13 rules 18, 21 and 22";
    a.explanation =
        "Rehabilitation outside a panti lies with the social service of the "
        "regency/city of residence." +
        a.explanation;
    a.also_possible = {AgencyType::kMinistryCentre};
  }

  if (need.categories.HasAny(kViolence)) {
    CompetentAuthority ppa;
    ppa.rule_id = "jurisdiction.violence_protection";
    ppa.agency_type = AgencyType::kUptdPpa;
    ppa.agency_ids = Ids(registry, AgencyType::kUptdPpa, domicile, on);
    ppa.level = JurisdictionLevel::kRegencyCity;
    if (!ppa.agency_ids.empty()) {
      const Agency* found = registry.FindById(ppa.agency_ids.front());
      if (found != nullptr && found->level == AgencyLevel::kProvince) {
        ppa.level = JurisdictionLevel::kProvince;
      }
    }
    ppa.legal_basis =
        "UU 23/2014 annex PPPA, sub-urusan 6 Perlindungan Khusus Anak: services for children "
        "needing special protection at regency/city (and province) level, delivered by UPTD PPA";
    ppa.source = "[S10][S27][S28]; atensi.md §6.1, §6.4, §8";
    ppa.explanation =
        "A child victim of violence, sexual crime, exploitation or trafficking needs protection "
        "services from UPTD PPA alongside rehabilitation.";
    if (ppa.agency_ids.empty()) ppa.explanation += NoneFound(AgencyType::kUptdPpa);
    a.concurrent.push_back(std::move(ppa));
  }

  if (centre != nullptr) {
    a.national_referral_option = centre->id;
    const CoveragePeriod* p = centre->coverage.PeriodAt(on);
    a.national_referral_confirmed = p != nullptr && p->confirmed;
    a.explanation += " National referral option: " + centre->id + " (working area " +
                     (a.national_referral_confirmed ? "confirmed" : "UNCONFIRMED") +
                     " on this date).";
  } else {
    a.explanation += " No Kemensos centre in the registry covers this province on this date.";
  }
  return a;
}

}  // namespace atensi
