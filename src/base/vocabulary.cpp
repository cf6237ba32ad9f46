// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/vocabulary.h"

#include <utility>

namespace atensi {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<AmpkCategory, 15> kAmpk{{
    {AmpkCategory::kSituasiDarurat, "situasi_darurat"},
    {AmpkCategory::kAbh, "abh"},
    {AmpkCategory::kMinoritasTerisolasi, "minoritas_terisolasi"},
    {AmpkCategory::kEksploitasiEkonomiSeksual, "eksploitasi_ekonomi_seksual"},
    {AmpkCategory::kKorbanNapza, "korban_napza"},
    {AmpkCategory::kKorbanPornografi, "korban_pornografi"},
    {AmpkCategory::kHivAids, "hiv_aids"},
    {AmpkCategory::kPenculikanPenjualanPerdagangan, "penculikan_penjualan_perdagangan"},
    {AmpkCategory::kKekerasanFisikPsikis, "kekerasan_fisik_psikis"},
    {AmpkCategory::kKejahatanSeksual, "kejahatan_seksual"},
    {AmpkCategory::kJaringanTerorisme, "jaringan_terorisme"},
    {AmpkCategory::kDisabilitas, "disabilitas"},
    {AmpkCategory::kPerlakuanSalahPenelantaran, "perlakuan_salah_penelantaran"},
    {AmpkCategory::kPerilakuSosialMenyimpang, "perilaku_sosial_menyimpang"},
    {AmpkCategory::kStigmatisasiKondisiOrangTua, "stigmatisasi_kondisi_orang_tua"},
}};

constexpr NameTable<AtensiComponent, 7> kComponents{{
    {AtensiComponent::kKebutuhanHidupLayak, "kebutuhan_hidup_layak"},
    {AtensiComponent::kPerawatanPengasuhan, "perawatan_pengasuhan"},
    {AtensiComponent::kDukunganKeluarga, "dukungan_keluarga"},
    {AtensiComponent::kTerapi, "terapi"},
    {AtensiComponent::kVokasionalKewirausahaan, "vokasional_kewirausahaan"},
    {AtensiComponent::kBantuanAsistensiSosial, "bantuan_asistensi_sosial"},
    {AtensiComponent::kDukunganAksesibilitas, "dukungan_aksesibilitas"},
}};

constexpr NameTable<ServiceBase, 3> kBases{{
    {ServiceBase::kKeluarga, "keluarga"},
    {ServiceBase::kKomunitas, "komunitas"},
    {ServiceBase::kResidensial, "residensial"},
}};

constexpr NameTable<RiskLevel, 3> kRisks{{
    {RiskLevel::kLow, "low"},
    {RiskLevel::kMedium, "medium"},
    {RiskLevel::kHigh, "high"},
}};

constexpr NameTable<CaseSource, 5> kSources{{
    {CaseSource::kSelfReport, "self_report"},
    {CaseSource::kOutreach, "outreach"},
    {CaseSource::kHotline, "hotline"},
    {CaseSource::kAgencyReferral, "agency_referral"},
    {CaseSource::kPkhScreening, "pkh_screening"},
}};

constexpr NameTable<Stage, 10> kStages{{
    {Stage::kIntake, "intake"},
    {Stage::kEmergency, "emergency"},
    {Stage::kAssessment, "assessment"},
    {Stage::kPlanning, "planning"},
    {Stage::kIntervention, "intervention"},
    {Stage::kReintegration, "reintegration"},
    {Stage::kTermination, "termination"},
    {Stage::kAftercare, "aftercare"},
    {Stage::kClosed, "closed"},
    {Stage::kReferredOut, "referred_out"},
}};

constexpr NameTable<Sex, 2> kSexes{{{Sex::kMale, "M"}, {Sex::kFemale, "F"}}};

template <typename E, std::size_t N>
std::string_view Lookup(const NameTable<E, N>& table, E v) noexcept {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> Reverse(const NameTable<E, N>& table, std::string_view s) noexcept {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(AmpkCategory v) noexcept { return Lookup(kAmpk, v); }
std::string_view Name(AtensiComponent v) noexcept { return Lookup(kComponents, v); }
std::string_view Name(ServiceBase v) noexcept { return Lookup(kBases, v); }
std::string_view Name(RiskLevel v) noexcept { return Lookup(kRisks, v); }
std::string_view Name(CaseSource v) noexcept { return Lookup(kSources, v); }
std::string_view Name(Stage v) noexcept { return Lookup(kStages, v); }
std::string_view Name(Sex v) noexcept { return Lookup(kSexes, v); }

std::optional<AmpkCategory> ParseAmpkCategory(std::string_view s) noexcept {
  return Reverse(kAmpk, s);
}
std::optional<AtensiComponent> ParseAtensiComponent(std::string_view s) noexcept {
  return Reverse(kComponents, s);
}
std::optional<ServiceBase> ParseServiceBase(std::string_view s) noexcept {
  return Reverse(kBases, s);
}
std::optional<RiskLevel> ParseRiskLevel(std::string_view s) noexcept { return Reverse(kRisks, s); }
std::optional<CaseSource> ParseCaseSource(std::string_view s) noexcept {
  return Reverse(kSources, s);
}
std::optional<Stage> ParseStage(std::string_view s) noexcept { return Reverse(kStages, s); }
std::optional<Sex> ParseSex(std::string_view s) noexcept { return Reverse(kSexes, s); }

std::array<AmpkCategory, kAmpkCategoryCount> AllAmpkCategories() noexcept {
  std::array<AmpkCategory, kAmpkCategoryCount> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = kAmpk[i].first;
  return out;
}
std::array<AtensiComponent, kAtensiComponentCount> AllAtensiComponents() noexcept {
  std::array<AtensiComponent, kAtensiComponentCount> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = kComponents[i].first;
  return out;
}

}  // namespace atensi
