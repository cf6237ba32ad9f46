// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Routing facts from lifecycle records; the sources of each fact are listed
// in include/atensi/store/case_facts_adapter.h.

#include "atensi/store/case_facts_adapter.h"

#include <algorithm>
#include <string_view>

namespace atensi {
namespace {

std::optional<ProgrammeAttempt> AttemptOf(const Referral& r) {
  const std::size_t dot = r.rule_id.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::optional<Programme> programme = ParseProgramme(std::string_view(r.rule_id).substr(0, dot));
  if (!programme) return std::nullopt;
  switch (r.status) {
    case ReferralStatus::kCompleted: {
      std::optional<ProgrammeOutcome> outcome = ParseProgrammeOutcome(r.outcome);
      return ProgrammeAttempt{*programme, outcome.value_or(ProgrammeOutcome::kHandled)};
    }
    case ReferralStatus::kRejected:
    case ReferralStatus::kFailed:
      return ProgrammeAttempt{*programme, ProgrammeOutcome::kNotHandled};
    case ReferralStatus::kAccepted:
    case ReferralStatus::kInProgress:
    case ReferralStatus::kOnHold:
      return ProgrammeAttempt{*programme, ProgrammeOutcome::kOngoing};
    case ReferralStatus::kDraft:
    case ReferralStatus::kRequested:
    case ReferralStatus::kCancelled:
    case ReferralStatus::kEnteredInError:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

CaseFacts FactsFor(const Case& c, const Child& child, std::span<const Referral> case_referrals,
                   Date today) {
  CaseFacts f;
  f.categories = c.categories;
  f.age = AgeInYears(child.birth_date, today);
  f.has_disability = c.categories.Has(AmpkCategory::kDisabilitas) ||
                     std::find(c.ppks_types.begin(), c.ppks_types.end(),
                               ChildPpksType::kAnakKebutuhanKhusus) != c.ppks_types.end();
  if (const FamilyLink* link = child.FamilyLinkOn(today)) {
    f.pkh_participant = link->pkh_participant_id.has_value();
    if (link->dtsen) f.dtsen_decile = link->dtsen->decile;
  }
  f.has_nik = child.nik.has_value();
  f.has_birth_certificate = child.has_birth_certificate.value_or(true);
  if (!child.domicile_region.empty()) {
    Result<RegionCode> code = RegionCode::Parse(child.domicile_region, "domicile_region");
    if (code.ok()) f.domicile = *code;
  }
  f.risk = c.risk;
  if (c.source == CaseSource::kPkhScreening && f.pkh_participant) {
    f.programmes_tried.push_back({Programme::kPkh, ProgrammeOutcome::kNotHandled});
  }
  for (const Referral& r : case_referrals) {
    if (std::optional<ProgrammeAttempt> a = AttemptOf(r)) f.programmes_tried.push_back(*a);
  }
  if (c.plan) {
    f.residential_need =
        std::any_of(c.plan->items.begin(), c.plan->items.end(),
                    [](const PlanItem& item) { return item.base == ServiceBase::kResidensial; });
  }
  if (c.CurrentPlacement() != nullptr) f.residential_need = true;
  return f;
}

}  // namespace atensi
