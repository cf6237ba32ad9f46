// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/lifecycle/case.h"

#include <algorithm>

#include "lifecycle/name_table.h"

namespace atensi {
namespace {

using lifecycle_internal::LookupName;
using lifecycle_internal::NameTable;
using lifecycle_internal::ReverseName;

constexpr NameTable<ChildPpksType, 6> kPpks{{
    {ChildPpksType::kAnakBalitaTelantar, "anak_balita_telantar"},
    {ChildPpksType::kAnakTelantar, "anak_telantar"},
    {ChildPpksType::kAnakJalanan, "anak_jalanan"},
    {ChildPpksType::kAnakKebutuhanKhusus, "anak_kebutuhan_khusus"},
    {ChildPpksType::kPengembanganFungsiSosial, "pengembangan_fungsi_sosial"},
    {ChildPpksType::kKorbanBencana, "korban_bencana"},
}};

constexpr NameTable<CaseFlag, 6> kFlags{{
    {kFlagAgeOut, "age_out"},
    {kFlagAgeOutResolved, "age_out_resolved"},
    {kFlagResidential, "residential"},
    {kFlagBeneficiary, "beneficiary"},
    {kFlagReopened, "reopened"},
    {kFlagLinked, "linked"},
}};

constexpr NameTable<ConsentPurpose, 5> kPurposes{{
    {ConsentPurpose::kAssessment, "assessment"},
    {ConsentPurpose::kServices, "services"},
    {ConsentPurpose::kReferralSharing, "referral_sharing"},
    {ConsentPurpose::kDataMatching, "data_matching"},
    {ConsentPurpose::kStatistics, "statistics"},
}};

constexpr NameTable<ConsentForm, 3> kForms{{
    {ConsentForm::kWritten, "written"},
    {ConsentForm::kRecorded, "recorded"},
    {ConsentForm::kElectronic, "electronic"},
}};

constexpr NameTable<LegalBasisKind, 2> kLegalBases{{
    {LegalBasisKind::kCourtOrder, "court_order"},
    {LegalBasisKind::kEmergencyProtection, "emergency_protection"},
}};

constexpr NameTable<PlanStatus, 2> kPlanStatuses{{
    {PlanStatus::kProposed, "proposed"},
    {PlanStatus::kApproved, "approved"},
}};

constexpr NameTable<ConferenceDecision, 5> kConferenceDecisions{{
    {ConferenceDecision::kResidentialPlacement, "residential_placement"},
    {ConferenceDecision::kFamilyBased, "family_based"},
    {ConferenceDecision::kCommunityBased, "community_based"},
    {ConferenceDecision::kReferral, "referral"},
    {ConferenceDecision::kOther, "other"},
}};

constexpr NameTable<ClosureReason, 10> kClosureReasons{{
    {ClosureReason::kGoalsAchieved, "goals_achieved"},
    {ClosureReason::kAftercareCompleted, "aftercare_completed"},
    {ClosureReason::kReferralCompleted, "referral_completed"},
    {ClosureReason::kTransferredToAdultServices, "transferred_to_adult_services"},
    {ClosureReason::kNotEligible, "not_eligible"},
    {ClosureReason::kRedirected, "redirected"},
    {ClosureReason::kChildDeceased, "child_deceased"},
    {ClosureReason::kLostContact, "lost_contact"},
    {ClosureReason::kConsentWithdrawn, "consent_withdrawn"},
    {ClosureReason::kDuplicate, "duplicate"},
}};

constexpr NameTable<ReferralReason, 4> kReferralReasons{{
    {ReferralReason::kSpecialistService, "specialist_service"},
    {ReferralReason::kJurisdiction, "jurisdiction"},
    {ReferralReason::kAdultServices, "adult_services"},
    {ReferralReason::kOther, "other"},
}};

}  // namespace

std::string_view Name(ChildPpksType v) noexcept { return LookupName(kPpks, v); }
std::optional<ChildPpksType> ParseChildPpksType(std::string_view s) noexcept {
  return ReverseName(kPpks, s);
}
std::string_view FlagName(CaseFlag flag) noexcept { return LookupName(kFlags, flag); }
std::optional<CaseFlag> ParseCaseFlag(std::string_view s) noexcept {
  return ReverseName(kFlags, s);
}
std::vector<CaseFlag> AllCaseFlags() {
  std::vector<CaseFlag> out;
  for (const auto& [f, name] : kFlags) out.push_back(f);
  return out;
}
std::string_view Name(ConsentPurpose v) noexcept { return LookupName(kPurposes, v); }
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view s) noexcept {
  return ReverseName(kPurposes, s);
}
std::string_view Name(ConsentForm v) noexcept { return LookupName(kForms, v); }
std::optional<ConsentForm> ParseConsentForm(std::string_view s) noexcept {
  return ReverseName(kForms, s);
}
std::string_view Name(LegalBasisKind v) noexcept { return LookupName(kLegalBases, v); }
std::optional<LegalBasisKind> ParseLegalBasisKind(std::string_view s) noexcept {
  return ReverseName(kLegalBases, s);
}
std::string_view Name(PlanStatus v) noexcept { return LookupName(kPlanStatuses, v); }
std::optional<PlanStatus> ParsePlanStatus(std::string_view s) noexcept {
  return ReverseName(kPlanStatuses, s);
}
std::string_view Name(ConferenceDecision v) noexcept { return LookupName(kConferenceDecisions, v); }
std::optional<ConferenceDecision> ParseConferenceDecision(std::string_view s) noexcept {
  return ReverseName(kConferenceDecisions, s);
}
std::string_view Name(ClosureReason v) noexcept { return LookupName(kClosureReasons, v); }
std::optional<ClosureReason> ParseClosureReason(std::string_view s) noexcept {
  return ReverseName(kClosureReasons, s);
}
std::string_view Name(ReferralReason v) noexcept { return LookupName(kReferralReasons, v); }
std::optional<ReferralReason> ParseReferralReason(std::string_view s) noexcept {
  return ReverseName(kReferralReasons, s);
}

bool ConsentRecord::Covers(ConsentPurpose purpose, Instant at) const {
  if (given_at > at) return false;
  if (withdrawn_at.has_value() && *withdrawn_at <= at) return false;
  return std::find(purposes.begin(), purposes.end(), purpose) != purposes.end();
}

const PlanItem* Plan::FindItem(std::string_view item_id) const {
  for (const PlanItem& item : items) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

Instant Case::EpisodeStart() const { return reopenings.empty() ? opened_at : reopenings.back().at; }

const ResidentialPlacement* Case::CurrentPlacement() const {
  if (placements.empty() || placements.back().ended_on.has_value()) return nullptr;
  return &placements.back();
}

}  // namespace atensi
