// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/routing/agency.h"

#include <array>
#include <utility>

namespace atensi {
namespace {

constexpr std::array<std::pair<AgencyType, std::string_view>, kAgencyTypeCount> kTypes{{
    {AgencyType::kRegencySocialService, "regency_social_service"},
    {AgencyType::kProvincialSocialService, "provincial_social_service"},
    {AgencyType::kPovertyHandlingDivision, "poverty_handling_division"},
    {AgencyType::kSocialEmpowermentDivision, "social_empowerment_division"},
    {AgencyType::kSocialProtectionDivision, "social_protection_division"},
    {AgencyType::kSocialRehabilitationDivision, "social_rehabilitation_division"},
    {AgencyType::kMinistryCentre, "ministry_centre"},
    {AgencyType::kUptdPpa, "uptd_ppa"},
    {AgencyType::kDukcapil, "dukcapil"},
    {AgencyType::kPkhCoordination, "pkh_coordination"},
    {AgencyType::kPkhFacilitator, "pkh_facilitator"},
    {AgencyType::kSaktiPeksos, "sakti_peksos"},
    {AgencyType::kTksk, "tksk"},
    {AgencyType::kDisabilityAssistant, "disability_assistant"},
    {AgencyType::kLksa, "lksa"},
    {AgencyType::kLpks, "lpks"},
    {AgencyType::kBapas, "bapas"},
    {AgencyType::kPolice, "police"},
    {AgencyType::kHealth, "health"},
    {AgencyType::kSchool, "school"},
}};

constexpr std::array<std::pair<AgencyLevel, std::string_view>, 5> kLevels{{
    {AgencyLevel::kNational, "national"},
    {AgencyLevel::kProvince, "province"},
    {AgencyLevel::kRegencyCity, "regency_city"},
    {AgencyLevel::kDistrict, "district"},
    {AgencyLevel::kLocal, "local"},
}};

}  // namespace

std::string_view Name(AgencyType v) noexcept {
  for (const auto& [k, n] : kTypes) {
    if (k == v) return n;
  }
  return "unknown";
}

std::string_view Name(AgencyLevel v) noexcept {
  for (const auto& [k, n] : kLevels) {
    if (k == v) return n;
  }
  return "unknown";
}

std::optional<AgencyType> ParseAgencyType(std::string_view s) noexcept {
  for (const auto& [k, n] : kTypes) {
    if (n == s) return k;
  }
  return std::nullopt;
}

std::optional<AgencyLevel> ParseAgencyLevel(std::string_view s) noexcept {
  for (const auto& [k, n] : kLevels) {
    if (n == s) return k;
  }
  return std::nullopt;
}

const CoveragePeriod* Coverage::PeriodAt(Date on) const {
  for (const auto& p : periods) {
    if (p.InEffect(on)) return &p;
  }
  return nullptr;
}

bool Coverage::Covers(RegionCode region, Date on) const {
  const CoveragePeriod* p = PeriodAt(on);
  if (p == nullptr) return false;
  for (const auto& root : p->regions) {
    if (root.Contains(region)) return true;
  }
  return false;
}

bool Services::Accepts(int age, AmpkSet cats) const {
  if (age < age_min || age > age_max) return false;
  return categories.empty() || cats.empty() || categories.HasAny(cats);
}

}  // namespace atensi
