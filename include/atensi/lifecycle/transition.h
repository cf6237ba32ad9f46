// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Decide: the pure core of the case lifecycle.
//
// Decide takes the current case, the child, a command, the actor, the time and
// the policy, and returns the next case plus an event draft, or the reason the
// command is refused. It does no I/O and reads no clock. Order of checks:
//   1. actor valid (actor.h);
//   2. optimistic concurrency: expected_version == current.version, else
//      Conflict "lifecycle.version_conflict" on field "version" (never
//      last-write-wins; peers.md §4 item 1, Primero issue #508);
//   3. derived flags at `now` (age_out, see below);
//   4. the action table (action.h): not allowed -> FailedPrecondition
//      "lifecycle.age_out_pending" when only the age-out flag forbids it, else
//      "lifecycle.action_not_allowed" naming stage and action;
//   5. the command's payload and the legal guard of the action;
//   6. next.version = current.version + 1; the event's `changes` is the diff
//      of ToJson(current) and ToJson(next).
//
// Guards and their sources (reason ids are stable; FP = FailedPrecondition,
// IA = InvalidArgument, PD = PermissionDenied):
//   FP lifecycle.consent_required        assessment / referral need consent of a parent or
//                                        guardian for that purpose, or a valid legal basis
//                                        (court order, emergency protection), UU 27/2022 art 25
//   FP lifecycle.consent_giver           consenting guardian is not a parent or wali,
//                                        UU 27/2022 art 25(2)
//   IA lifecycle.consent_proof           consent needs a document reference, UU 27/2022 art 24
//   IA lifecycle.consent_purpose         purposes listed separately, UU 27/2022 art 22(4)-(5)
//   IA lifecycle.plan_item_component     exactly one of the 7 ATENSI components,
//                                        Permensos 7/2021 art 1 (as amended by 7/2022)
//   IA lifecycle.plan_item_base          one service base, same articles
//   IA lifecycle.plan_empty              a plan needs at least one item
//   FP lifecycle.plan_not_proposed       approve_plan names no current proposed plan
//   FP lifecycle.plan_not_approved       intervention / services need a plan approved after
//                                        the latest assessment
//   PD lifecycle.approver_role           approver must be a supervisor or coordinator
//   PD lifecycle.self_approval           approver is the plan's author without
//                                        kRightSelfApprove (Primero R2-3351 practice)
//   FP lifecycle.case_conference_required  residential placement needs its own case-conference
//                                        decision for residential care, atensi.md §4.3 (DIY
//                                        Balai RSPA practice)
//   FP lifecycle.residential_limit       planned end after start and within
//                                        residential_max_months (default 6: Dirjen Rehsos
//                                        2019 policy, not law)
//   IA lifecycle.residential_justification  residential care is a last resort (atensi.md §13.17)
//   FP lifecycle.residential_open        terminate / close while a placement is current
//   FP lifecycle.evaluation_required     termination needs an evaluation with outcome
//                                        indicators in this episode, Permensos 7/2021 prinsip
//                                        sistematik; 15/2025 art 4
//   IA lifecycle.evaluation_indicators   an evaluation without outcome indicators
//   FP lifecycle.closure_reason          closure reason missing, unknown, or not fitting the
//                                        stage (goals_achieved only after termination, ...)
//   FP lifecycle.beneficiary_decision_required  Penerima Manfaat "ditetapkan dalam keputusan",
//                                        Permensos 15/2025 art 1(7): decision needs number,
//                                        date, issuer; social-assistance services need it
//   FP lifecycle.age_out_pending         the child is 18: resolve by termination or transfer
//                                        to adult services, UU 35/2014 art 1(1)
//   IA lifecycle.reopen_reason           reopening needs a reason
//   FP lifecycle.not_a_child             open / reopen a case for a person 18 or over,
//                                        UU 35/2014 art 1(1)
//   FP lifecycle.open_case_exists        a second open case for the child without a link
//   IA lifecycle.link_reason             a case link needs a reason
//   FP lifecycle.no_change               the command would change nothing (same risk, ...)
// Payload errors are InvalidArgument ("lifecycle.id_required", "lifecycle.text",
// "lifecycle.duplicate_id", "lifecycle.unknown_reference", "lifecycle.enum",
// "lifecycle.date", ...).
//
// Age-out (UU 35/2014 art 1(1)): a case is "aged out" when the child's age at
// the local date of `now` (policy.utc_offset_minutes) is 18 or more, the
// case is open and not yet terminated (any stage but termination, aftercare
// and closed), and the age-out has not been resolved in this episode. Decide
// computes this on EVERY call (EffectiveFlags) and writes the age_out flag into
// `next`, so it shows in the event's changes; RefreshFlags exists so a
// scheduled job can persist it without another action. Terminate, ReferOut
// with reason adult_services, ResolveAgeOut and Close resolve it (age_out
// cleared, age_out_resolved set). A 29 February birthday turns 18 on 1 March
// in common years (date.h).

#ifndef ATENSI_LIFECYCLE_TRANSITION_H_
#define ATENSI_LIFECYCLE_TRANSITION_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/lifecycle/action.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/deadline.h"
#include "atensi/status.h"

namespace atensi {

// Policy knobs of the lifecycle. Closure reasons are a fixed enum and the
// age-out at 18 is fixed by law (UU 35/2014 art 1(1)); neither is configurable.
struct LifecyclePolicy {
  // Maximum residential stay in calendar months (31 Aug + 6 = 28/29 Feb).
  // Default 6: Dirjen Rehsos 2019 statement, policy not law (atensi.md §4.4).
  int residential_max_months = 6;
  // Deadlines per (risk, step); defaults are configuration, not law.
  DeadlinePolicy deadlines = DeadlinePolicy::Defaults();
  // Offset used to turn `now` into the local calendar date for ages
  // (default WIB, UTC+7; WITA +480, WIT +540).
  int utc_offset_minutes = 420;
};

// What the store writes to the audit log with the new case version.
struct EventDraft {
  std::string action;  // Name(Action), or "open_case"
  std::string reason;  // the command's stated reason/closure reason, may be empty
  // {field: {"before": x, "after": y}} for exactly the top-level JSON fields of
  // Case that changed (always including "version"); computed by DiffTopLevel
  // on ToJson(current) and ToJson(next), so it cannot drift from the data.
  nlohmann::json changes;
  // The change set already as its stored text, exactly what changes.dump()
  // would give, with `changes` left null: set only for a store that takes it
  // (CaseStore::TakesChangesText), by the bulk paths that write it directly
  // (NewRecordChangesText, json_text.h). Empty = use `changes`.
  std::string changes_text;
};

struct Transition {
  Case next;
  EventDraft event;
};

// Input to OpenCase.
struct OpenCaseRequest {
  std::string case_id;  // canonical UUID text from the store
  CaseSource source = CaseSource::kSelfReport;
  AmpkSet categories;
  std::vector<ChildPpksType> ppks_types;
  RiskLevel risk = RiskLevel::kLow;
  std::string lead_agency_id;      // required
  std::string assigned_worker_id;  // may be empty
  std::optional<CaseLink> link;    // required when the child has an open case
};

// Applies `cmd` to `current`. See the file comment for the order of checks.
Result<Transition> Decide(const Case& current, const Child& child, const Command& cmd,
                          const Actor& actor, Instant now, const LifecyclePolicy& policy,
                          std::int64_t expected_version);

// Opens a new case (version 1) for `child`. Stage intake, or emergency when
// risk is high (UPTD PPA SOP, atensi.md §4.2). Refuses:
//   "lifecycle.not_a_child"       child 18 or over at now (UU 35/2014 art 1(1));
//   "lifecycle.open_case_exists"  (FailedPrecondition) an open case of the child
//                                 exists in `child_existing_cases` and no link with
//                                 a reason names one of them;
//   "lifecycle.unknown_reference" the link names a case not in the list.
// `child_existing_cases` are all cases of the child (open or closed).
Result<Transition> OpenCase(const Child& child, const OpenCaseRequest& request, const Actor& actor,
                            Instant now, const LifecyclePolicy& policy,
                            std::span<const Case> child_existing_cases);

// The one-open-case rule, for a candidate case about to be open (OpenCase and
// the store's Reopen path): OK when no other case of the child in `others` is
// open, or the candidate is linked to one of them with a reason.
Status CheckOneOpenCase(const Case& candidate, std::span<const Case> others);

// True when the child is 18 or over at the local date of `now`
// (UU 35/2014 art 1(1); 29 Feb -> 1 Mar).
bool IsAdultAt(const Child& child, Instant now, const LifecyclePolicy& policy);

// The case's flags with the derived ones applied at `now`: in an open stage
// before termination and unless age_out_resolved is set, age_out is set when
// the child is 18 or over and cleared otherwise (so a corrected birth date
// lifts a wrong flag); in other stages the stored flags are returned as is.
std::uint32_t EffectiveFlags(const Case& c, const Child& child, Instant now,
                             const LifecyclePolicy& policy);

// OK, or FailedPrecondition "lifecycle.age_out_pending" (field "birth_date")
// when the case has an unresolved age-out at `now`.
Status CheckAgeOut(const Case& c, const Child& child, Instant now, const LifecyclePolicy& policy);

// `start` plus `months` calendar months; the day is clamped to the end of the
// target month (31 Aug + 6 = 28 Feb, or 29 Feb in leap years).
Date AddCalendarMonths(Date start, int months);

// {field: {"before": a[field], "after": b[field]}} for every top-level key
// whose value differs (a missing key counts as null). Both must be objects.
nlohmann::json DiffTopLevel(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_TRANSITION_H_
