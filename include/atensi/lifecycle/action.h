// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The action table: which actions a case admits, given its stage and flags.
//
// Pattern from OpenCRVS v2 (availableActions.ts, peers.md §3.4): the status
// gives a base list of actions, orthogonal flags filter it. Here it is one
// table of rows (stage, required flags, forbidden flags) -> action, read by
// AllowedActions and by Decide. Nothing else in the library decides whether an
// action is admissible in a stage; the legal guards (consent, approved plan,
// case conference, ...) are checked after the table, each with its own reason.
//
// The stage machine it encodes is atensi.md §4.3 (derived from PP 39/2012
// art 7(2), UPTD PPA practice and Permensos 7/2021; not regulation text):
//   intake -> assessment -> planning -> intervention -> reintegration ->
//   termination -> aftercare -> closed; a high-risk intake goes to emergency
//   (protection) before assessment (UPTD PPA SOP); re-assessment may be started
//   from planning, intervention or reintegration; refer_out (rujukan, PP
//   39/2012 art 7(1)k) from any open stage; reopen from closed.
// The age_out flag (UU 35/2014 art 1(1): the person is no longer a child)
// leaves only the actions that resolve it: record_evaluation (needed to
// terminate), terminate, refer_out (to adult services), end_residential,
// resolve_age_out, close, refresh_flags.

#ifndef ATENSI_LIFECYCLE_ACTION_H_
#define ATENSI_LIFECYCLE_ACTION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/vocabulary.h"

namespace atensi {

struct Child;
struct LifecyclePolicy;

// Every action on an existing case. Numeric values are stable (stored in
// events, C ABI); new actions are appended. The Command variant (command.h)
// has one alternative per action in this order.
enum class Action : std::uint8_t {
  kRecordContact = 1,  // first contact made (pendekatan awal)
  kRecordConsent = 2,
  kWithdrawConsent = 3,
  kRecordLegalBasis = 4,
  kStartAssessment = 5,
  kCompleteAssessment = 6,
  kProposePlan = 7,
  kApprovePlan = 8,
  kStartIntervention = 9,
  kRecordService = 10,
  kCaseConference = 11,
  kPlaceResidential = 12,
  kEndResidential = 13,
  kStartReintegration = 14,
  kRecordEvaluation = 15,
  kTerminate = 16,
  kStartAftercare = 17,
  kRecordFollowup = 18,
  kClose = 19,
  kReopen = 20,
  kReferOut = 21,
  kReturnFromReferral = 22,
  kSetRisk = 23,
  kAddCategory = 24,
  kRemoveCategory = 25,
  kAssignWorker = 26,
  kSetLeadAgency = 27,
  kRecordBeneficiaryDecision = 28,
  kLinkCase = 29,
  kResolveAgeOut = 30,
  kRefreshFlags = 31,
};
inline constexpr int kActionCount = 31;

// "record_contact", "record_consent", ... (snake_case of the enumerator).
std::string_view Name(Action a) noexcept;
std::optional<Action> ParseAction(std::string_view s) noexcept;
// All actions in numeric order.
std::vector<Action> AllActions();
// All stages in numeric order.
std::vector<Stage> AllStages();

// One row of the action table: in `stage`, when all `required_flags` are set
// and none of `forbidden_flags` is, `action` is allowed.
struct ActionRule {
  Stage stage;
  std::uint32_t required_flags;
  std::uint32_t forbidden_flags;
  Action action;
};

// The table itself (static storage, stable order).
std::span<const ActionRule> ActionTable() noexcept;

// True when some row admits `action` in `stage` with `flags`.
bool IsAllowed(Stage stage, std::uint32_t flags, Action action) noexcept;

// Actions admitted by the table for a stage and flag set, in Action order.
std::vector<Action> AllowedActions(Stage stage, std::uint32_t flags);

// Actions admitted for `c` at `now`: the table read with the case's
// effective flags (EffectiveFlags in transition.h, which adds age_out when the
// child is 18 or over at `now` in the policy's time zone). Legal guards are
// not evaluated: an allowed action may still be refused by Decide.
std::vector<Action> AllowedActions(const Case& c, const Child& child, Instant now,
                                   const LifecyclePolicy& policy);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_ACTION_H_
