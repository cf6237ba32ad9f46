// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The shared vocabulary of child social rehabilitation: the closed lists that
// the law and the ATENSI regulation define, used by lifecycle, routing,
// jurisdiction and storage alike. Each enum's numeric values are stable (they
// are stored and cross the C ABI); new values are only ever appended.
//
// Sources (see shared/domain/atensi.md):
//   - AmpkCategory: the 15 categories of children needing special protection,
//     UU 35/2014 art 59(2), defined in PP 78/2021; order as listed by Kemensos.
//   - AtensiComponent: the 7 ATENSI service components, Permensos 7/2021 art 1
//     as amended by Permensos 7/2022 (same text in Permensos 15/2025 art 1(4)).
//   - ServiceBase: family-, community- or residential-based, same articles.
//   - Stage: PP 39/2012 art 7(2) stages (pendekatan awal ... bimbingan lanjut)
//     plus the states a case-management system needs around them.

#ifndef ATENSI_VOCABULARY_H_
#define ATENSI_VOCABULARY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace atensi {

enum class Sex : std::uint8_t { kMale = 1, kFemale = 2 };

// UU 35/2014 art 59(2) a-o; PP 78/2021.
enum class AmpkCategory : std::uint8_t {
  kSituasiDarurat = 1,             // a. emergency situations (refugees, riots, disaster, conflict)
  kAbh = 2,                        // b. in contact with the law (ABH)
  kMinoritasTerisolasi = 3,        // c. minority and isolated groups (incl. KAT)
  kEksploitasiEkonomiSeksual = 4,  // d. economic and/or sexual exploitation
  kKorbanNapza = 5,                // e. victims of narcotics, alcohol, psychotropics, addictives
  kKorbanPornografi = 6,           // f. victims of pornography
  kHivAids = 7,                    // g. children with HIV/AIDS
  kPenculikanPenjualanPerdagangan = 8,  // h. abduction, sale and/or trafficking
  kKekerasanFisikPsikis = 9,            // i. physical and/or psychological violence
  kKejahatanSeksual = 10,               // j. sexual crime
  kJaringanTerorisme = 11,              // k. terrorism networks
  kDisabilitas = 12,                    // l. children with disabilities
  kPerlakuanSalahPenelantaran = 13,     // m. maltreatment and neglect
  kPerilakuSosialMenyimpang = 14,       // n. deviant social behaviour
  kStigmatisasiKondisiOrangTua = 15,    // o. stigmatisation from labelling of parents' condition
};
inline constexpr int kAmpkCategoryCount = 15;

// A set of AMPK categories (a child can fall into several), as a bit set.
class AmpkSet {
 public:
  constexpr AmpkSet() = default;
  constexpr AmpkSet(std::initializer_list<AmpkCategory> cats) {
    for (auto c : cats) Add(c);
  }
  static constexpr AmpkSet FromBits(std::uint32_t bits) {
    AmpkSet s;
    s.bits_ = bits & kAllBits;
    return s;
  }
  constexpr void Add(AmpkCategory c) { bits_ |= Bit(c); }
  constexpr void Remove(AmpkCategory c) { bits_ &= ~Bit(c); }
  [[nodiscard]] constexpr bool Has(AmpkCategory c) const { return (bits_ & Bit(c)) != 0; }
  [[nodiscard]] constexpr bool HasAny(AmpkSet other) const { return (bits_ & other.bits_) != 0; }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  [[nodiscard]] constexpr std::uint32_t bits() const { return bits_; }
  friend constexpr bool operator==(AmpkSet, AmpkSet) = default;

 private:
  static constexpr std::uint32_t kAllBits = (1u << (kAmpkCategoryCount + 1)) - 2u;
  static constexpr std::uint32_t Bit(AmpkCategory c) { return 1u << static_cast<std::uint32_t>(c); }
  std::uint32_t bits_ = 0;
};

// Permensos 7/2021 (as amended by 7/2022) art 1: the 7 ATENSI components.
enum class AtensiComponent : std::uint8_t {
  kKebutuhanHidupLayak = 1,      // support for a decent living
  kPerawatanPengasuhan = 2,      // social care and/or childcare
  kDukunganKeluarga = 3,         // family support
  kTerapi = 4,                   // physical, psychosocial, mental-spiritual therapy
  kVokasionalKewirausahaan = 5,  // vocational training, entrepreneurship
  kBantuanAsistensiSosial = 6,   // social assistance
  kDukunganAksesibilitas = 7,    // accessibility support
};
inline constexpr int kAtensiComponentCount = 7;

// Permensos 7/2021 art 1: family-, community- or residential-based service.
enum class ServiceBase : std::uint8_t { kKeluarga = 1, kKomunitas = 2, kResidensial = 3 };

// Risk level set at intake (UPTD PPA intake records risk criteria; high risk
// gets emergency service before assessment).
enum class RiskLevel : std::uint8_t { kLow = 1, kMedium = 2, kHigh = 3 };

// How the case reached atensi (Sakti Peksos entry routes plus hotline and PKH screening).
enum class CaseSource : std::uint8_t {
  kSelfReport = 1,      // the child or family came themselves
  kOutreach = 2,        // outreach / screening by a social worker
  kHotline = 3,         // TePSA hotline, Command Center, TRC
  kAgencyReferral = 4,  // referral from a stakeholder agency
  kPkhScreening = 5,    // screening of a PKH/DTKS roster
};

// Case stages: PP 39/2012 art 7(2) a-g, with the practical states around them
// (shared/domain/atensi.md §4.3).
enum class Stage : std::uint8_t {
  kIntake = 1,         // a. pendekatan awal
  kEmergency = 2,      // high-risk intake: protection before assessment
  kAssessment = 3,     // b. pengungkapan dan pemahaman masalah
  kPlanning = 4,       // c. penyusunan rencana pemecahan masalah
  kIntervention = 5,   // d. pemecahan masalah
  kReintegration = 6,  // e. resosialisasi / reintegrasi sosial
  kTermination = 7,    // f. terminasi
  kAftercare = 8,      // g. bimbingan lanjut
  kClosed = 9,
  kReferredOut = 10,  // rujukan: handed to another agency (PP 39/2012 art 7(1)k)
};

// Stable snake_case names ("situasi_darurat", "keluarga", "intake", ...), used
// in JSON, CSV, SQL and the C ABI; and the reverse parse (nullopt if unknown).
std::string_view Name(AmpkCategory v) noexcept;
std::string_view Name(AtensiComponent v) noexcept;
std::string_view Name(ServiceBase v) noexcept;
std::string_view Name(RiskLevel v) noexcept;
std::string_view Name(CaseSource v) noexcept;
std::string_view Name(Stage v) noexcept;
std::string_view Name(Sex v) noexcept;  // "M" / "F"

std::optional<AmpkCategory> ParseAmpkCategory(std::string_view s) noexcept;
std::optional<AtensiComponent> ParseAtensiComponent(std::string_view s) noexcept;
std::optional<ServiceBase> ParseServiceBase(std::string_view s) noexcept;
std::optional<RiskLevel> ParseRiskLevel(std::string_view s) noexcept;
std::optional<CaseSource> ParseCaseSource(std::string_view s) noexcept;
std::optional<Stage> ParseStage(std::string_view s) noexcept;
std::optional<Sex> ParseSex(std::string_view s) noexcept;

// All values in numeric order, for iteration in tests and reports.
std::array<AmpkCategory, kAmpkCategoryCount> AllAmpkCategories() noexcept;
std::array<AtensiComponent, kAtensiComponentCount> AllAtensiComponents() noexcept;

}  // namespace atensi

#endif  // ATENSI_VOCABULARY_H_
