// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/routing/case_facts.h"

#include <array>
#include <utility>

namespace atensi {
namespace {

constexpr std::array<std::pair<Programme, std::string_view>, 9> kProgrammes{{
    {Programme::kPkh, "pkh"},
    {Programme::kBpnt, "bpnt"},
    {Programme::kPip, "pip"},
    {Programme::kJkn, "jkn"},
    {Programme::kRegionalAtensi, "regional_atensi"},
    {Programme::kUptdPpa, "uptd_ppa"},
    {Programme::kSaktiPeksos, "sakti_peksos"},
    {Programme::kLksa, "lksa"},
    {Programme::kOther, "other"},
}};

constexpr std::array<std::pair<ProgrammeOutcome, std::string_view>, 3> kOutcomes{{
    {ProgrammeOutcome::kHandled, "handled"},
    {ProgrammeOutcome::kNotHandled, "not_handled"},
    {ProgrammeOutcome::kOngoing, "ongoing"},
}};

}  // namespace

std::string_view Name(Programme v) noexcept {
  for (const auto& [k, n] : kProgrammes) {
    if (k == v) return n;
  }
  return "unknown";
}
std::string_view Name(ProgrammeOutcome v) noexcept {
  for (const auto& [k, n] : kOutcomes) {
    if (k == v) return n;
  }
  return "unknown";
}
std::optional<Programme> ParseProgramme(std::string_view s) noexcept {
  for (const auto& [k, n] : kProgrammes) {
    if (n == s) return k;
  }
  return std::nullopt;
}
std::optional<ProgrammeOutcome> ParseProgrammeOutcome(std::string_view s) noexcept {
  for (const auto& [k, n] : kOutcomes) {
    if (n == s) return k;
  }
  return std::nullopt;
}

}  // namespace atensi
