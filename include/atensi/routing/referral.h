// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Referral handshake between agencies (closed-loop referral).
//
// Statuses are the HL7 FHIR Task.status codes as profiled for closed-loop
// referrals by the SDOH Clinical Care IG (shared/domain/peers.md §3.5):
//   draft -> requested                     requester
//   draft | requested -> entered-in-error  requester (any non-final status)
//   requested -> accepted | rejected       responder (rejected needs a reason)
//   accepted -> in-progress                responder
//   accepted | in-progress -> on-hold      responder
//   on-hold -> in-progress                 responder
//   accepted | in-progress | on-hold -> completed (needs an outcome) | failed
//                                          responder
//   draft | requested -> cancelled         requester
//   accepted | in-progress | on-hold -> cancelled   requester or responder
// Terminal: rejected, cancelled, completed, failed, entered-in-error.
// "ready" and "received" are not used (SDOHCC excludes them).
//
// Expiry. FHIR Task has no "expired" status. A referral still "requested"
// after its response deadline is moved to `cancelled` with statusReason
// "expired" (FHIR: "A task in any non-terminal state may also be Cancelled";
// the requester side withdraws a request nobody answered). The deadline is
// inclusive: at exactly response_due_at the responder may still answer; after
// it, accept and reject fail with Expired "referral.expired" and the Expire
// event applies. Expiry, like rejection, sends the case to the next candidate.
//
// Consent. A referral shares only the data items its consent scope covers:
// children's data is specific personal data and processing it needs the
// parent's or guardian's consent for that purpose (UU 27/2022 arts 4, 25;
// itemised per purpose, art 22(4)-(5); atensi.md §13 rules 36-38).
//
// Several agencies can work one case: exactly one active lead referral per
// case, any number of co-facilitator and informed referrals (CheckCanAdd).

#ifndef ATENSI_ROUTING_REFERRAL_H_
#define ATENSI_ROUTING_REFERRAL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/actor.h"
#include "atensi/clock.h"
#include "atensi/routing/router.h"
#include "atensi/routing/routing_rules.h"
#include "atensi/status.h"

namespace atensi {

// FHIR Task.status codes used by closed-loop referrals. Stable values.
enum class ReferralStatus : std::uint8_t {
  kDraft = 1,
  kRequested = 2,
  kAccepted = 3,
  kRejected = 4,
  kInProgress = 5,
  kOnHold = 6,
  kCompleted = 7,
  kFailed = 8,
  kCancelled = 9,
  kEnteredInError = 10,
};

// The FHIR code: "draft", "requested", ..., "in-progress", "on-hold", "entered-in-error".
std::string_view Name(ReferralStatus v) noexcept;
std::optional<ReferralStatus> ParseReferralStatus(std::string_view s) noexcept;
bool IsTerminal(ReferralStatus v) noexcept;

// The statusReason recorded when a requested referral passes its deadline.
inline constexpr std::string_view kExpiredReason = "expired";

enum class ReferralEventKind : std::uint8_t {
  kSubmit = 1,         // draft -> requested
  kAccept = 2,         // requested -> accepted
  kReject = 3,         // requested -> rejected (reason)
  kStart = 4,          // accepted -> in-progress
  kHold = 5,           // accepted | in-progress -> on-hold
  kResume = 6,         // on-hold -> in-progress
  kComplete = 7,       // -> completed (outcome)
  kFail = 8,           // -> failed (reason)
  kCancel = 9,         // -> cancelled (reason)
  kEnterInError = 10,  // -> entered-in-error
  kExpire = 11,        // requested, past the deadline -> cancelled / "expired"
};
std::string_view Name(ReferralEventKind v) noexcept;  // "submit", "accept", ...
std::optional<ReferralEventKind> ParseReferralEventKind(std::string_view s) noexcept;

struct ReferralEvent {
  ReferralEventKind kind = ReferralEventKind::kSubmit;
  std::string reason;   // rejection, failure, cancellation, hold reason
  std::string outcome;  // completion outcome (FHIR Task.output)
};

// One status change, kept on the referral.
struct ReferralHistoryEntry {
  ReferralStatus from = ReferralStatus::kDraft;
  ReferralStatus to = ReferralStatus::kDraft;
  Instant at;
  std::string actor_person_id;
  std::string actor_agency_id;
  std::string reason;
};

struct Referral {
  std::string id;
  std::string case_id;
  std::string from_agency;  // requester
  std::string to_agency;    // responder
  InvolvementRole role = InvolvementRole::kLead;
  ReferralStatus status = ReferralStatus::kDraft;
  std::string status_reason;  // FHIR statusReason: rejection/failure/cancel reason, "expired"
  std::string reason;         // why the case is referred
  std::string rule_id;        // routing rule that proposed it, if any
  std::vector<std::string> shared_fields;  // data items shared; covered by consent
  std::string purpose = "referral";        // consent purpose the sharing relies on
  Instant created_at;
  std::optional<Instant> requested_at;
  std::int64_t response_window_ms = 0;
  std::optional<Instant> response_due_at;  // requested_at + response window
  std::optional<Instant> responded_at;     // accepted or rejected at
  std::string outcome;                     // set on completion
  std::string plan_item_id;                // the plan item this referral serves
  std::string rejection_reason;
  std::vector<ReferralHistoryEntry> history;

  [[nodiscard]] bool expired() const {
    return status == ReferralStatus::kCancelled && status_reason == kExpiredReason;
  }
  [[nodiscard]] bool open() const { return !IsTerminal(status); }
};

// What the data subject's parent or guardian consented to.
struct ConsentScope {
  std::vector<std::string> fields;      // data items, e.g. "identity", "assessment", "health"
  std::vector<std::string> purposes;    // e.g. "referral", "service_delivery"
  std::vector<std::string> recipients;  // agency ids; empty = any agency working the case
  bool withdrawn = false;
};

// OK when `scope` covers every field for every purpose and (if given) the
// recipient. PermissionDenied "referral.consent_withdrawn",
// "referral.consent_field" (field = the uncovered item),
// "referral.consent_purpose" or "referral.consent_recipient" otherwise.
// UU 27/2022 arts 22, 25.
Status CheckSharing(const ConsentScope& scope, std::span<const std::string> fields,
                    std::span<const std::string> purposes, std::string_view recipient = {});

// CheckSharing for what `referral` shares, for whom and why. Call it again
// whenever data is actually disclosed (consent can be withdrawn after the
// referral was created).
Status CheckReferralSharing(const Referral& referral, const ConsentScope& consent);

struct ReferralRequest {
  std::string id;
  std::string case_id;
  std::string from_agency;
  std::string to_agency;
  InvolvementRole role = InvolvementRole::kLead;
  std::string reason;
  std::string rule_id;
  std::vector<std::string> shared_fields;
  std::string purpose = "referral";
  std::string plan_item_id;
  std::int64_t response_window_hours = 72;  // default 3x24 h; a policy value, not law
};

// Builds a referral from the requester `actor` (must act for from_agency).
// With `submit`, it is created as requested with its deadline; otherwise as
// draft. Errors: InvalidArgument "referral.field" for missing ids, a
// reason, or from == to; PermissionDenied "referral.not_requester"; any
// CheckSharing error.
Result<Referral> NewReferral(const ReferralRequest& request, const ConsentScope& consent,
                             const Actor& actor, Instant now, bool submit);

// Applies one event. Enforces the transition table and who may set each
// status (requester = an actor of from_agency, responder = of to_agency).
// Errors: PermissionDenied "referral.not_a_party" / "referral.wrong_party";
// FailedPrecondition "referral.transition"; InvalidArgument
// "referral.reason_required" / "referral.outcome_required"; Expired
// "referral.expired" when answering after the deadline; FailedPrecondition
// "referral.not_due" when expiring before it.
Result<Referral> ApplyReferralEvent(const Referral& referral, const ReferralEvent& event,
                                    const Actor& actor, Instant now);

// True when `referral` is requested and `now` is past its deadline.
bool IsOverdue(const Referral& referral, Instant now);

// What a transition asks of the rest of the system.
struct ReferralEffects {
  // Completion closes the plan item the referral served, with the outcome.
  std::optional<std::string> close_plan_item;
  std::string outcome;
  // A lead referral was rejected or expired: route to NextCandidate.
  bool fall_through = false;
};
ReferralEffects EffectsOf(const Referral& before, const Referral& after);

// The next agency to send the lead referral to: the decision's lead, then its
// lead candidates in order, skipping every agency that already had a lead
// referral for this case (in any status but entered-in-error). nullopt when
// all have been tried.
std::optional<Involvement> NextCandidate(const RoutingDecision& decision,
                                         std::span<const Referral> case_referrals);

// Whether `proposed` may be added to a case that has `case_referrals`:
// Conflict "referral.lead_exists" when another lead referral is open;
// AlreadyExists "referral.duplicate" when an open referral to the same agency
// in the same role exists.
Status CheckCanAdd(std::span<const Referral> case_referrals, const Referral& proposed);

// Open referrals addressed to `agency_id` (no drafts), or sent by it, ordered
// by response deadline then id. With open_only = false, all of them.
std::vector<const Referral*> Inbox(std::span<const Referral> referrals, std::string_view agency_id,
                                   bool open_only = true);
std::vector<const Referral*> Outbox(std::span<const Referral> referrals, std::string_view agency_id,
                                    bool open_only = true);

}  // namespace atensi

#endif  // ATENSI_ROUTING_REFERRAL_H_
