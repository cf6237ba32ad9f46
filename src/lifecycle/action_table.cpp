// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The action table (see action.h for the pattern and its sources).
//
// Stage machine: atensi.md §4.3 (derived from PP 39/2012 art 7(2) a-g, the
// UPTD PPA SOP for high-risk intake, and PP 39/2012 art 7(1)k for rujukan at
// any stage). Age-out: UU 35/2014 art 1(1). The table is written as a compact
// spec (action, set of stages, required flags, forbidden flags) and expanded at
// compile time into one row per (stage, action).

#include <array>

#include "atensi/lifecycle/action.h"
#include "atensi/lifecycle/transition.h"
#include "lifecycle/name_table.h"

namespace atensi {
namespace {

constexpr std::uint32_t S(Stage s) { return 1u << static_cast<std::uint32_t>(s); }

constexpr std::uint32_t kI = S(Stage::kIntake);
constexpr std::uint32_t kE = S(Stage::kEmergency);
constexpr std::uint32_t kA = S(Stage::kAssessment);
constexpr std::uint32_t kP = S(Stage::kPlanning);
constexpr std::uint32_t kV = S(Stage::kIntervention);
constexpr std::uint32_t kR = S(Stage::kReintegration);
constexpr std::uint32_t kT = S(Stage::kTermination);
constexpr std::uint32_t kF = S(Stage::kAftercare);
constexpr std::uint32_t kC = S(Stage::kClosed);
constexpr std::uint32_t kO = S(Stage::kReferredOut);
constexpr std::uint32_t kOpen = kI | kE | kA | kP | kV | kR | kT | kF | kO;
constexpr std::uint32_t kAll = kOpen | kC;

constexpr std::uint32_t kAO = kFlagAgeOut;
constexpr std::uint32_t kRES = kFlagResidential;

struct SpecRow {
  Action action;
  std::uint32_t stages;
  std::uint32_t required;
  std::uint32_t forbidden;
};

// The table. One line per (action, stages, required flags, forbidden flags).
constexpr SpecRow kSpec[] = {
    {Action::kRecordContact, kI | kE, 0, kAO},
    {Action::kRecordConsent, kOpen, 0, kAO},
    {Action::kWithdrawConsent, kAll, 0, 0},  // a right that survives closure (UU 27/2022)
    {Action::kRecordLegalBasis, kOpen, 0, kAO},
    {Action::kStartAssessment, kI | kE | kP | kV | kR, 0, kAO},  // incl. re-assessment
    {Action::kCompleteAssessment, kA, 0, kAO},
    {Action::kProposePlan, kP | kV | kR, 0, kAO},
    {Action::kApprovePlan, kP | kV | kR, 0, kAO},
    {Action::kStartIntervention, kP, 0, kAO},
    {Action::kRecordService, kV | kR, 0, kAO},
    {Action::kCaseConference, kA | kP | kV | kR, 0, kAO},
    {Action::kPlaceResidential, kV, 0, kAO | kRES},
    {Action::kEndResidential, kOpen, kRES, 0},
    {Action::kStartReintegration, kV, 0, kAO},
    {Action::kRecordEvaluation, kV | kR | kF, 0, 0},
    {Action::kRecordEvaluation, kI | kE | kA | kP, kAO, 0},  // to terminate an aged-out case
    {Action::kTerminate, kV | kR, 0, 0},
    {Action::kTerminate, kI | kE | kA | kP, kAO, 0},  // age-out resolution from early stages
    {Action::kStartAftercare, kT, 0, kAO},
    {Action::kRecordFollowup, kF, 0, kAO},
    {Action::kClose, kOpen, 0, 0},
    {Action::kReopen, kC, 0, 0},
    {Action::kReferOut, kOpen & ~kO, 0, 0},  // rujukan at any stage, PP 39/2012 art 7(1)k
    {Action::kReturnFromReferral, kO, 0, kAO},
    {Action::kSetRisk, kOpen, 0, kAO},
    {Action::kAddCategory, kOpen, 0, kAO},
    {Action::kRemoveCategory, kOpen, 0, kAO},
    {Action::kAssignWorker, kOpen, 0, 0},  // someone must handle the age-out exit
    {Action::kSetLeadAgency, kOpen, 0, kAO},
    {Action::kRecordBeneficiaryDecision, kA | kP | kV | kR | kT | kF, 0, kAO},
    {Action::kLinkCase, kOpen, 0, kAO},
    {Action::kResolveAgeOut, kI | kE | kA | kP | kV | kR, kAO, 0},
    {Action::kRefreshFlags, kAll, 0, 0},
};

constexpr int kStageCount = 10;

constexpr std::size_t CountRows() {
  std::size_t n = 0;
  for (const SpecRow& r : kSpec) {
    for (int s = 1; s <= kStageCount; ++s) {
      if ((r.stages & (1u << static_cast<std::uint32_t>(s))) != 0) ++n;
    }
  }
  return n;
}

constexpr std::array<ActionRule, CountRows()> Expand() {
  std::array<ActionRule, CountRows()> rows{};
  std::size_t i = 0;
  for (const SpecRow& r : kSpec) {
    for (int s = 1; s <= kStageCount; ++s) {
      if ((r.stages & (1u << static_cast<std::uint32_t>(s))) != 0) {
        rows[i++] = ActionRule{static_cast<Stage>(s), r.required, r.forbidden, r.action};
      }
    }
  }
  return rows;
}

constexpr auto kTable = Expand();

constexpr lifecycle_internal::NameTable<Action, kActionCount> kActionNames{{
    {Action::kRecordContact, "record_contact"},
    {Action::kRecordConsent, "record_consent"},
    {Action::kWithdrawConsent, "withdraw_consent"},
    {Action::kRecordLegalBasis, "record_legal_basis"},
    {Action::kStartAssessment, "start_assessment"},
    {Action::kCompleteAssessment, "complete_assessment"},
    {Action::kProposePlan, "propose_plan"},
    {Action::kApprovePlan, "approve_plan"},
    {Action::kStartIntervention, "start_intervention"},
    {Action::kRecordService, "record_service"},
    {Action::kCaseConference, "case_conference"},
    {Action::kPlaceResidential, "place_residential"},
    {Action::kEndResidential, "end_residential"},
    {Action::kStartReintegration, "start_reintegration"},
    {Action::kRecordEvaluation, "record_evaluation"},
    {Action::kTerminate, "terminate"},
    {Action::kStartAftercare, "start_aftercare"},
    {Action::kRecordFollowup, "record_followup"},
    {Action::kClose, "close"},
    {Action::kReopen, "reopen"},
    {Action::kReferOut, "refer_out"},
    {Action::kReturnFromReferral, "return_from_referral"},
    {Action::kSetRisk, "set_risk"},
    {Action::kAddCategory, "add_category"},
    {Action::kRemoveCategory, "remove_category"},
    {Action::kAssignWorker, "assign_worker"},
    {Action::kSetLeadAgency, "set_lead_agency"},
    {Action::kRecordBeneficiaryDecision, "record_beneficiary_decision"},
    {Action::kLinkCase, "link_case"},
    {Action::kResolveAgeOut, "resolve_age_out"},
    {Action::kRefreshFlags, "refresh_flags"},
}};

}  // namespace

std::string_view Name(Action a) noexcept { return lifecycle_internal::LookupName(kActionNames, a); }
std::optional<Action> ParseAction(std::string_view s) noexcept {
  return lifecycle_internal::ReverseName(kActionNames, s);
}

std::vector<Action> AllActions() {
  std::vector<Action> out;
  for (const auto& [a, name] : kActionNames) out.push_back(a);
  return out;
}

std::vector<Stage> AllStages() {
  std::vector<Stage> out;
  for (int s = 1; s <= kStageCount; ++s) out.push_back(static_cast<Stage>(s));
  return out;
}

std::span<const ActionRule> ActionTable() noexcept { return kTable; }

bool IsAllowed(Stage stage, std::uint32_t flags, Action action) noexcept {
  for (const ActionRule& r : kTable) {
    if (r.stage == stage && r.action == action && (flags & r.required_flags) == r.required_flags &&
        (flags & r.forbidden_flags) == 0) {
      return true;
    }
  }
  return false;
}

std::vector<Action> AllowedActions(Stage stage, std::uint32_t flags) {
  std::vector<Action> out;
  for (Action a : AllActions()) {
    if (IsAllowed(stage, flags, a)) out.push_back(a);
  }
  return out;
}

std::vector<Action> AllowedActions(const Case& c, const Child& child, Instant now,
                                   const LifecyclePolicy& policy) {
  return AllowedActions(c.stage, EffectiveFlags(c, child, now, policy));
}

}  // namespace atensi
