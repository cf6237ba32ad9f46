// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Referral handshake: the FHIR Task state machine for closed-loop referrals
// (SDOHCC referral Task, shared/domain/peers.md §3.5), who may set each status,
// the response deadline, consent-scoped sharing (UU 27/2022 arts 22, 25) and
// fall-through to the next candidate (atensi.md §6.3, §8). See referral.h for
// the table.

#include "atensi/routing/referral.h"

#include <algorithm>
#include <array>
#include <utility>

namespace atensi {
namespace {

constexpr std::array<std::pair<ReferralStatus, std::string_view>, 10> kStatuses{{
    {ReferralStatus::kDraft, "draft"},
    {ReferralStatus::kRequested, "requested"},
    {ReferralStatus::kAccepted, "accepted"},
    {ReferralStatus::kRejected, "rejected"},
    {ReferralStatus::kInProgress, "in-progress"},
    {ReferralStatus::kOnHold, "on-hold"},
    {ReferralStatus::kCompleted, "completed"},
    {ReferralStatus::kFailed, "failed"},
    {ReferralStatus::kCancelled, "cancelled"},
    {ReferralStatus::kEnteredInError, "entered-in-error"},
}};

constexpr std::array<std::pair<ReferralEventKind, std::string_view>, 11> kEvents{{
    {ReferralEventKind::kSubmit, "submit"},
    {ReferralEventKind::kAccept, "accept"},
    {ReferralEventKind::kReject, "reject"},
    {ReferralEventKind::kStart, "start"},
    {ReferralEventKind::kHold, "hold"},
    {ReferralEventKind::kResume, "resume"},
    {ReferralEventKind::kComplete, "complete"},
    {ReferralEventKind::kFail, "fail"},
    {ReferralEventKind::kCancel, "cancel"},
    {ReferralEventKind::kEnterInError, "enter_in_error"},
    {ReferralEventKind::kExpire, "expire"},
}};

enum class Party : std::uint8_t { kRequester = 1, kResponder = 2, kEither = 3 };

bool Started(ReferralStatus s) {
  return s == ReferralStatus::kAccepted || s == ReferralStatus::kInProgress ||
         s == ReferralStatus::kOnHold;
}

// The transition table: for an event and a current status, the target status
// and who may cause it; nullopt when the transition is not allowed.
struct Transition {
  ReferralStatus to;
  Party who;
};
std::optional<Transition> Lookup(ReferralEventKind e, ReferralStatus s) {
  using S = ReferralStatus;
  switch (e) {
    case ReferralEventKind::kSubmit:
      if (s == S::kDraft) return Transition{S::kRequested, Party::kRequester};
      break;
    case ReferralEventKind::kAccept:
      if (s == S::kRequested) return Transition{S::kAccepted, Party::kResponder};
      break;
    case ReferralEventKind::kReject:
      if (s == S::kRequested) return Transition{S::kRejected, Party::kResponder};
      break;
    case ReferralEventKind::kStart:
      if (s == S::kAccepted) return Transition{S::kInProgress, Party::kResponder};
      break;
    case ReferralEventKind::kHold:
      if (s == S::kAccepted || s == S::kInProgress) {
        return Transition{S::kOnHold, Party::kResponder};
      }
      break;
    case ReferralEventKind::kResume:
      if (s == S::kOnHold) return Transition{S::kInProgress, Party::kResponder};
      break;
    case ReferralEventKind::kComplete:
      if (Started(s)) return Transition{S::kCompleted, Party::kResponder};
      break;
    case ReferralEventKind::kFail:
      if (Started(s)) return Transition{S::kFailed, Party::kResponder};
      break;
    case ReferralEventKind::kCancel:
      if (s == S::kDraft || s == S::kRequested) return Transition{S::kCancelled, Party::kRequester};
      if (Started(s)) return Transition{S::kCancelled, Party::kEither};
      break;
    case ReferralEventKind::kEnterInError:
      if (s != S::kEnteredInError) return Transition{S::kEnteredInError, Party::kRequester};
      break;
    case ReferralEventKind::kExpire:
      if (s == S::kRequested) return Transition{S::kCancelled, Party::kEither};
      break;
  }
  return std::nullopt;
}

bool Contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool CountsAsTried(const Referral& r) {
  return r.role == InvolvementRole::kLead && r.status != ReferralStatus::kEnteredInError;
}

}  // namespace

std::string_view Name(ReferralStatus v) noexcept {
  for (const auto& [k, n] : kStatuses) {
    if (k == v) return n;
  }
  return "unknown";
}
std::optional<ReferralStatus> ParseReferralStatus(std::string_view s) noexcept {
  for (const auto& [k, n] : kStatuses) {
    if (n == s) return k;
  }
  return std::nullopt;
}
bool IsTerminal(ReferralStatus v) noexcept {
  return v == ReferralStatus::kRejected || v == ReferralStatus::kCancelled ||
         v == ReferralStatus::kCompleted || v == ReferralStatus::kFailed ||
         v == ReferralStatus::kEnteredInError;
}
std::string_view Name(ReferralEventKind v) noexcept {
  for (const auto& [k, n] : kEvents) {
    if (k == v) return n;
  }
  return "unknown";
}
std::optional<ReferralEventKind> ParseReferralEventKind(std::string_view s) noexcept {
  for (const auto& [k, n] : kEvents) {
    if (n == s) return k;
  }
  return std::nullopt;
}

Status CheckSharing(const ConsentScope& scope, std::span<const std::string> fields,
                    std::span<const std::string> purposes, std::string_view recipient) {
  if (scope.withdrawn) {
    return PermissionDenied(
        "referral.consent_withdrawn", "consent",
        "Consent has been withdrawn; no data may be shared (UU 27/2022 art 25).");
  }
  for (const auto& p : purposes) {
    if (!Contains(scope.purposes, p)) {
      return PermissionDenied("referral.consent_purpose", p,
                              "The consent does not cover this purpose; consent is itemised per "
                              "purpose (UU 27/2022 art 22).");
    }
  }
  for (const auto& f : fields) {
    if (!Contains(scope.fields, f)) {
      return PermissionDenied("referral.consent_field", f,
                              "The consent does not cover sharing this data item (UU 27/2022 "
                              "arts 22 and 25: children's data needs the parent's or guardian's "
                              "consent).");
    }
  }
  if (!recipient.empty() && !scope.recipients.empty() && !Contains(scope.recipients, recipient)) {
    return PermissionDenied("referral.consent_recipient", "to_agency",
                            "The consent does not cover sharing with this agency (UU 27/2022 "
                            "art 22).");
  }
  return Status::Ok();
}

Status CheckReferralSharing(const Referral& referral, const ConsentScope& consent) {
  std::array<std::string, 1> purposes{referral.purpose};
  return CheckSharing(consent, referral.shared_fields, purposes, referral.to_agency);
}

Result<Referral> NewReferral(const ReferralRequest& request, const ConsentScope& consent,
                             const Actor& actor, Instant now, bool submit) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto missing = [](const char* field) {
    return InvalidArgument("referral.field", field,
                           std::string("A referral needs a non-empty ") + field + ".");
  };
  if (request.id.empty()) return missing("id");
  if (request.case_id.empty()) return missing("case_id");
  if (request.from_agency.empty()) return missing("from_agency");
  if (request.to_agency.empty()) return missing("to_agency");
  if (request.reason.empty()) return missing("reason");
  if (request.from_agency == request.to_agency) {
    return InvalidArgument("referral.field", "to_agency",
                           "A referral goes to another agency than the one sending it.");
  }
  if (request.response_window_hours <= 0) {
    return InvalidArgument("referral.field", "response_window_hours",
                           "A referral needs a positive response window.");
  }
  if (actor.agency_id != request.from_agency) {
    return PermissionDenied("referral.not_requester", "actor",
                            "Only an actor of the requesting agency may create its referral.");
  }
  std::array<std::string, 1> purposes{request.purpose};
  ATENSI_RETURN_IF_ERROR(CheckSharing(consent, request.shared_fields, purposes, request.to_agency));
  Referral r;
  r.id = request.id;
  r.case_id = request.case_id;
  r.from_agency = request.from_agency;
  r.to_agency = request.to_agency;
  r.role = request.role;
  r.reason = request.reason;
  r.rule_id = request.rule_id;
  r.shared_fields = request.shared_fields;
  r.purpose = request.purpose;
  r.plan_item_id = request.plan_item_id;
  r.created_at = now;
  r.response_window_ms = request.response_window_hours * 3'600'000;
  r.status = ReferralStatus::kDraft;
  if (submit) {
    return ApplyReferralEvent(r, ReferralEvent{ReferralEventKind::kSubmit, {}, {}}, actor, now);
  }
  return r;
}

bool IsOverdue(const Referral& referral, Instant now) {
  return referral.status == ReferralStatus::kRequested && referral.response_due_at &&
         now > *referral.response_due_at;
}

Result<Referral> ApplyReferralEvent(const Referral& referral, const ReferralEvent& event,
                                    const Actor& actor, Instant now) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  const bool is_requester = actor.agency_id == referral.from_agency;
  const bool is_responder = actor.agency_id == referral.to_agency;
  if (!is_requester && !is_responder) {
    return PermissionDenied("referral.not_a_party", "actor",
                            "Only the requesting or the receiving agency may act on a referral.");
  }
  auto t = Lookup(event.kind, referral.status);
  if (!t) {
    return FailedPrecondition("referral.transition", "status",
                              "Event '" + std::string(Name(event.kind)) +
                                  "' is not allowed on a referral in status '" +
                                  std::string(Name(referral.status)) +
                                  "' (FHIR Task closed-loop referral states, SDOHCC).");
  }
  const bool allowed = t->who == Party::kEither || (t->who == Party::kRequester && is_requester) ||
                       (t->who == Party::kResponder && is_responder);
  if (!allowed) {
    return PermissionDenied(
        "referral.wrong_party", "actor",
        "Status '" + std::string(Name(t->to)) + "' may be set only by the " +
            (t->who == Party::kRequester ? "requester" : "responder") +
            " (SDOHCC referral Task: requester sets draft, requested, entered-in-error; responder "
            "sets accepted, rejected, in-progress, on-hold, completed, failed).");
  }
  const bool answering =
      event.kind == ReferralEventKind::kAccept || event.kind == ReferralEventKind::kReject;
  if (answering && IsOverdue(referral, now)) {
    return Expired("referral.expired", "response_due_at",
                   "The response deadline has passed; the referral expires and the case goes to "
                   "the next candidate.");
  }
  if (event.kind == ReferralEventKind::kExpire && !IsOverdue(referral, now)) {
    return FailedPrecondition("referral.not_due", "response_due_at",
                              "The referral cannot expire before its response deadline.");
  }
  const bool needs_reason = event.kind == ReferralEventKind::kReject ||
                            event.kind == ReferralEventKind::kFail ||
                            event.kind == ReferralEventKind::kCancel;
  if (needs_reason && event.reason.empty()) {
    return InvalidArgument("referral.reason_required", "reason",
                           "Rejecting, failing or cancelling a referral needs a reason (FHIR "
                           "Task.statusReason).");
  }
  if (event.kind == ReferralEventKind::kComplete && event.outcome.empty()) {
    return InvalidArgument("referral.outcome_required", "outcome",
                           "Completing a referral records its outcome (closed-loop referral).");
  }
  Referral r = referral;
  ReferralHistoryEntry h;
  h.from = r.status;
  h.to = t->to;
  h.at = now;
  h.actor_person_id = actor.person_id;
  h.actor_agency_id = actor.agency_id;
  switch (event.kind) {
    case ReferralEventKind::kSubmit:
      r.requested_at = now;
      r.response_due_at = now.PlusMillis(r.response_window_ms);
      break;
    case ReferralEventKind::kAccept:
      r.responded_at = now;
      break;
    case ReferralEventKind::kReject:
      r.responded_at = now;
      r.rejection_reason = event.reason;
      r.status_reason = event.reason;
      break;
    case ReferralEventKind::kComplete:
      r.outcome = event.outcome;
      break;
    case ReferralEventKind::kExpire:
      r.status_reason = std::string(kExpiredReason);
      break;
    case ReferralEventKind::kFail:
    case ReferralEventKind::kCancel:
    case ReferralEventKind::kHold:
    case ReferralEventKind::kEnterInError:
      if (!event.reason.empty()) r.status_reason = event.reason;
      break;
    case ReferralEventKind::kStart:
    case ReferralEventKind::kResume:
      r.status_reason.clear();
      break;
  }
  h.reason = event.kind == ReferralEventKind::kExpire ? std::string(kExpiredReason) : event.reason;
  r.status = t->to;
  r.history.push_back(std::move(h));
  return r;
}

ReferralEffects EffectsOf(const Referral& before, const Referral& after) {
  ReferralEffects e;
  if (before.status == after.status) return e;
  if (after.status == ReferralStatus::kCompleted && !after.plan_item_id.empty()) {
    e.close_plan_item = after.plan_item_id;
    e.outcome = after.outcome;
  }
  if (after.role == InvolvementRole::kLead &&
      (after.status == ReferralStatus::kRejected || after.expired())) {
    e.fall_through = true;
  }
  return e;
}

std::optional<Involvement> NextCandidate(const RoutingDecision& decision,
                                         std::span<const Referral> case_referrals) {
  auto tried = [&](std::string_view agency) {
    return std::any_of(case_referrals.begin(), case_referrals.end(), [&](const Referral& r) {
      return CountsAsTried(r) && r.to_agency == agency;
    });
  };
  if (!decision.involvements.empty() && !tried(decision.lead().agency_id)) {
    return decision.lead();
  }
  for (const auto& c : decision.lead_candidates) {
    if (!tried(c.agency_id)) return c;
  }
  return std::nullopt;
}

Status CheckCanAdd(std::span<const Referral> case_referrals, const Referral& proposed) {
  for (const auto& r : case_referrals) {
    if (r.id == proposed.id || !r.open() || r.case_id != proposed.case_id) continue;
    if (proposed.role == InvolvementRole::kLead && r.role == InvolvementRole::kLead) {
      return Conflict("referral.lead_exists", "role",
                      "The case already has an open lead referral; a case has exactly one lead "
                      "([S6]: several agencies work one case under one lead).");
    }
    if (r.to_agency == proposed.to_agency && r.role == proposed.role) {
      return AlreadyExists("referral.duplicate", "to_agency",
                           "An open referral to this agency in this role already exists.");
    }
  }
  return Status::Ok();
}

namespace {

std::vector<const Referral*> Box(std::span<const Referral> referrals, std::string_view agency_id,
                                 bool open_only, bool inbox) {
  std::vector<const Referral*> out;
  for (const auto& r : referrals) {
    if ((inbox ? r.to_agency : r.from_agency) != agency_id) continue;
    if (inbox && r.status == ReferralStatus::kDraft) continue;
    if (open_only && !r.open()) continue;
    out.push_back(&r);
  }
  std::sort(out.begin(), out.end(), [](const Referral* a, const Referral* b) {
    auto key = [](const Referral* r) {
      return r->response_due_at ? r->response_due_at->ms : INT64_MAX;
    };
    if (key(a) != key(b)) return key(a) < key(b);
    return a->id < b->id;
  });
  return out;
}

}  // namespace

std::vector<const Referral*> Inbox(std::span<const Referral> referrals, std::string_view agency_id,
                                   bool open_only) {
  return Box(referrals, agency_id, open_only, true);
}

std::vector<const Referral*> Outbox(std::span<const Referral> referrals, std::string_view agency_id,
                                    bool open_only) {
  return Box(referrals, agency_id, open_only, false);
}

}  // namespace atensi
