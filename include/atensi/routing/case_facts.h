// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// CaseFacts: the facts about a child's case that routing rules look at.
//
// A plain value, built by an adapter from the case and child records (the
// lifecycle module) or by a test. Routing never reads personal data beyond
// these facts. The domicile is the child's recorded residence, never a NIK
// prefix (atensi.md §13 rule 29).

#ifndef ATENSI_ROUTING_CASE_FACTS_H_
#define ATENSI_ROUTING_CASE_FACTS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "atensi/region.h"
#include "atensi/routing/jurisdiction.h"
#include "atensi/vocabulary.h"

namespace atensi {

// Programmes a child or household may already be in. Stable values.
enum class Programme : std::uint8_t {
  kPkh = 1,             // Program Keluarga Harapan (conditional cash transfer)
  kBpnt = 2,            // food assistance (sembako)
  kPip = 3,             // Program Indonesia Pintar (school assistance)
  kJkn = 4,             // health insurance (PBI JKN)
  kRegionalAtensi = 5,  // regency/city or provincial social service rehabilitation
  kUptdPpa = 6,         // UPTD PPA protection services
  kSaktiPeksos = 7,     // Sakti Peksos case work
  kLksa = 8,            // care in a childcare institution
  kOther = 9,
};

// What came of a programme for this problem. Stable values.
enum class ProgrammeOutcome : std::uint8_t {
  kHandled = 1,     // the programme dealt with the problem
  kNotHandled = 2,  // the programme could not deal with it ("tidak tertangani", [S6])
  kOngoing = 3,
};

std::string_view Name(Programme v) noexcept;         // "pkh", "bpnt", ...
std::string_view Name(ProgrammeOutcome v) noexcept;  // "handled", "not_handled", "ongoing"
std::optional<Programme> ParseProgramme(std::string_view s) noexcept;
std::optional<ProgrammeOutcome> ParseProgrammeOutcome(std::string_view s) noexcept;

struct ProgrammeAttempt {
  Programme programme = Programme::kOther;
  ProgrammeOutcome outcome = ProgrammeOutcome::kOngoing;
};

struct CaseFacts {
  AmpkSet categories;
  int age = 0;                   // completed years at the routing date
  bool has_disability = false;   // also implied by AmpkCategory::kDisabilitas
  bool pkh_participant = false;  // the child's household is a PKH beneficiary (KPM)
  bool has_nik = false;
  bool has_birth_certificate = false;  // akta kelahiran
  std::optional<int> dtsen_decile;     // 1..10; nullopt = household not in DTSEN
  bool economic_hardship = false;      // poverty reported at assessment
  std::optional<RegionCode> domicile;  // recorded residence; required by Route
  RiskLevel risk = RiskLevel::kLow;
  std::vector<ProgrammeAttempt> programmes_tried;
  bool residential_need = false;  // needs rehabilitation inside a panti
  bool napza = false;             // also implied by AmpkCategory::kKorbanNapza
  bool hiv = false;               // also implied by AmpkCategory::kHivAids
  std::optional<DisasterLevel> disaster;

  [[nodiscard]] bool Disabled() const {
    return has_disability || categories.Has(AmpkCategory::kDisabilitas);
  }
  [[nodiscard]] bool Abh() const { return categories.Has(AmpkCategory::kAbh); }
  [[nodiscard]] bool NapzaOrHiv() const {
    return napza || hiv || categories.Has(AmpkCategory::kKorbanNapza) ||
           categories.Has(AmpkCategory::kHivAids);
  }
  // The jurisdiction need these facts describe.
  [[nodiscard]] Need ToNeed() const {
    return Need{categories, residential_need, napza, hiv, Abh(), disaster};
  }
};

}  // namespace atensi

#endif  // ATENSI_ROUTING_CASE_FACTS_H_
