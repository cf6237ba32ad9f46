// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Casebook: routing a case and the closed-loop referral handshake, persisted.
//
// Semantics are the routing module's (routing/referral.h: FHIR Task statuses
// as profiled by the SDOH Clinical Care IG, shared/domain/peers.md §3.5;
// consent per UU 27/2022 arts 22 and 25); this file adds the persistence
// rules documented on the Casebook methods (casebook.h): one transaction per
// operation, events in the case's chain, consent-limited sharing (draft when
// consent does not cover a referral), fall-through to the next candidate on
// rejection or expiry, and plan items closed on completion.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "atensi/casebook.h"
#include "atensi/json_text.h"
#include "atensi/lifecycle/action.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/routing/routing_json.h"
#include "atensi/routing/routing_json_text.h"
#include "atensi/store/case_facts_adapter.h"

namespace atensi {
namespace {

// The requester identity the system uses when it sends a referral on an
// agency's behalf (fall-through after a rejection or expiry) and when it
// expires overdue referrals.
constexpr const char* kRoutingPerson = "atensi.routing";
constexpr const char* kExpiryPerson = "atensi.expiry";

Actor SystemActor(const char* person, const std::string& agency) {
  Actor a;
  a.person_id = person;
  a.agency_id = agency;
  a.role = Role::kIntegrator;
  return a;
}

// The change set of a referral/transfer/routing event: the diff of the
// documents plus "<key>": {"before": id or null, "after": id}, naming the row.
nlohmann::json SubjectChanges(const char* key, const std::string& id, const nlohmann::json& before,
                              const nlohmann::json& after) {
  nlohmann::json changes = DiffTopLevel(before, after);
  changes[key] = {{"before", before.empty() ? nlohmann::json(nullptr) : nlohmann::json(id)},
                  {"after", id}};
  return changes;
}

// SubjectChanges of a new row (nothing before): NewRecordChanges plus the key.
nlohmann::json NewSubjectChanges(const char* key, const std::string& id, nlohmann::json after) {
  nlohmann::json changes = NewRecordChanges(std::move(after));
  changes[key] = {{"before", nullptr}, {"after", id}};
  return changes;
}

// The first plan item provided by `agency` that has no service yet; "".
std::string PlanItemFor(const Case& c, std::string_view agency) {
  if (!c.plan) return "";
  for (const PlanItem& item : c.plan->items) {
    if (item.provider_agency_id != agency) continue;
    const bool served = std::any_of(c.services.begin(), c.services.end(),
                                    [&](const auto& s) { return s.plan_item_id == item.id; });
    if (!served) return item.id;
  }
  return "";
}

const Referral* OpenReferralTo(const std::vector<Referral>& referrals, std::string_view agency,
                               InvolvementRole role) {
  for (const Referral& r : referrals) {
    if (r.open() && r.to_agency == agency && r.role == role) return &r;
  }
  return nullptr;
}

const Referral* OpenLead(const std::vector<Referral>& referrals) {
  for (const Referral& r : referrals) {
    if (r.open() && r.role == InvolvementRole::kLead) return &r;
  }
  return nullptr;
}

}  // namespace

ConsentScope Casebook::ScopeFor(const Case& c, Instant now) const {
  ConsentScope scope;
  scope.fields = referral_policy_.shared_fields;
  const Date today = DateAt(now, policy_.utc_offset_minutes);
  bool sharing = false;
  bool services = false;
  for (const ConsentRecord& r : c.consents) {
    sharing = sharing || r.Covers(ConsentPurpose::kReferralSharing, now);
    services = services || r.Covers(ConsentPurpose::kServices, now);
  }
  // A court order or emergency protection stands in for consent, as for the
  // lifecycle's ReferOut guard.
  for (const LegalBasis& b : c.legal_bases) {
    if (b.issued_on.is_special() || b.issued_on > today) continue;
    if (b.valid_until.has_value() && *b.valid_until < today) continue;
    sharing = true;
  }
  if (sharing) scope.purposes.push_back("referral");
  if (services) scope.purposes.push_back("service_delivery");
  return scope;
}

Result<Case> Casebook::SetLeadLocked(const Case& c, const Child& child,
                                     const std::string& agency_id, const std::string& reason,
                                     const Actor& actor, Instant now) {
  if (c.lead_agency_id == agency_id) return c;
  cmd::SetLeadAgency command;
  command.agency_id = agency_id;
  command.reason = reason;
  ATENSI_ASSIGN_OR_RETURN(Transition t,
                          Decide(c, child, Command(command), actor, now, policy_, c.version));
  ATENSI_RETURN_IF_ERROR(
      store_
          ->UpdateCase(t.next, c.version, IndexFor(t.next, child), t.event, AuditStamp{actor, now})
          .status());
  return std::move(t.next);
}

Result<Referral> Casebook::SendReferralLocked(const Case& c, const Involvement& inv,
                                              const std::string& from_agency, const Actor& actor,
                                              Instant now, std::vector<Referral>& case_referrals) {
  ReferralRequest req;
  req.id = NewId(now);
  req.case_id = c.id;
  req.from_agency = from_agency;
  req.to_agency = std::string(inv.agency_id);
  req.role = inv.role;
  req.reason =
      inv.reason.empty() ? "routing rule " + std::string(inv.rule_id) : std::string(inv.reason);
  req.rule_id = std::string(inv.rule_id);
  req.shared_fields = referral_policy_.shared_fields;
  req.purpose = "referral";
  req.plan_item_id = PlanItemFor(c, inv.agency_id);
  req.response_window_hours = referral_policy_.ResponseHours(c.risk);
  // The system sends on the requester's behalf when the actor is someone
  // else (a fall-through triggered by the responder's rejection).
  const Actor requester =
      actor.agency_id == from_agency ? actor : SystemActor(kRoutingPerson, from_agency);
  const ConsentScope scope = ScopeFor(c, now);
  const Status sharing = CheckSharing(scope, req.shared_fields,
                                      std::span<const std::string>(&req.purpose, 1), req.to_agency);
  Referral r;
  if (sharing.ok()) {
    ATENSI_ASSIGN_OR_RETURN(r, NewReferral(req, scope, requester, now, /*submit=*/true));
    if (r.role == InvolvementRole::kInformed) r.response_due_at.reset();  // told, not asked
  } else {
    // Not covered: kept as a draft that shares nothing; the reason says why.
    ConsentScope draft_scope;
    draft_scope.fields = req.shared_fields;
    draft_scope.purposes = {req.purpose};
    ATENSI_ASSIGN_OR_RETURN(r, NewReferral(req, draft_scope, requester, now, /*submit=*/false));
    r.status_reason = sharing.reason();
  }
  ATENSI_RETURN_IF_ERROR(CheckCanAdd(case_referrals, r));
  EventDraft draft;
  draft.action = "referral.create";
  draft.reason = r.status == ReferralStatus::kDraft ? r.status_reason : r.rule_id;
  if (store_->TakesChangesText()) {
    // NewSubjectChanges as text, no DOM (docs/performance.md, workload 1).
    draft.changes_text = NewRecordChangesText(ToJsonText(r), "referral_id", r.id);
  } else {
    draft.changes = NewSubjectChanges("referral_id", r.id, ToJson(r));
  }
  ATENSI_RETURN_IF_ERROR(store_->InsertReferral(r, draft, AuditStamp{actor, now}).status());
  case_referrals.push_back(r);
  return r;
}

Result<RouteResult> Casebook::RouteCase(std::string_view case_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(const AgencyRegistry* registry, RegistryLocked());
  ATENSI_ASSIGN_OR_RETURN(const RuleSet* rules, RulesLocked());
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Case c, store_->GetCase(case_id));
  // The child is read once: the access check and the routing facts both need it.
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
  ATENSI_RETURN_IF_ERROR(
      AuthorizeCaseLocked(actor, Operation::kRouteCase, std::nullopt, c, now, &child));
  if (!c.IsOpen()) {
    return FailedPrecondition("routing.case_closed", "case_id",
                              "a closed case is not routed; reopen it first");
  }
  ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> referrals, store_->ReferralsOfCase(c.id));
  const Date today = DateAt(now, policy_.utc_offset_minutes);
  const CaseFacts facts = FactsFor(c, child, referrals, today);
  ATENSI_ASSIGN_OR_RETURN(RoutingDecision routed, Route(facts, *rules, *registry, today));
  const nlohmann::json decision_json = ToJson(routed);
  RouteResult result;
  // A copy that owns its strings, so the result outlives this call safely.
  ATENSI_ASSIGN_OR_RETURN(result.decision, RoutingDecisionFromJson(decision_json));

  // The decision snapshot; rewritten (and an event appended) only when it changed.
  ATENSI_ASSIGN_OR_RETURN(std::optional<RoutingSnapshot> previous, store_->GetRouting(c.id));
  if (!previous || previous->decision != decision_json) {
    RoutingSnapshot snapshot{c.id, now, decision_json};
    EventDraft draft;
    draft.action = "routing.route";
    draft.reason = std::string(routed.lead().rule_id);
    draft.changes =
        SubjectChanges("routing_id", c.id, previous ? previous->decision : nlohmann::json::object(),
                       decision_json);
    ATENSI_RETURN_IF_ERROR(store_->PutRouting(snapshot, draft, AuditStamp{actor, now}).status());
  }

  // The lead: exactly one open lead referral per case.
  if (const Referral* open = OpenLead(referrals)) {
    result.existing.push_back(*open);
  } else if (std::optional<Involvement> lead = NextCandidate(result.decision, referrals)) {
    lead->role = InvolvementRole::kLead;
    ATENSI_ASSIGN_OR_RETURN(c, SetLeadLocked(c, child, std::string(lead->agency_id),
                                             "routing: " + std::string(lead->rule_id), actor, now));
    if (lead->agency_id != actor.agency_id) {
      ATENSI_ASSIGN_OR_RETURN(Referral r,
                              SendReferralLocked(c, *lead, actor.agency_id, actor, now, referrals));
      result.created.push_back(std::move(r));
    }
  }
  // Co-facilitators and informed parties.
  for (std::size_t i = 1; i < result.decision.involvements.size(); ++i) {
    const Involvement& inv = result.decision.involvements[i];
    if (inv.agency_id == actor.agency_id || inv.agency_id == c.lead_agency_id) continue;
    if (const Referral* open = OpenReferralTo(referrals, inv.agency_id, inv.role)) {
      result.existing.push_back(*open);
      continue;
    }
    ATENSI_ASSIGN_OR_RETURN(Referral r,
                            SendReferralLocked(c, inv, actor.agency_id, actor, now, referrals));
    result.created.push_back(std::move(r));
  }
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  result.case_after = std::move(c);
  return result;
}

Result<Referral> Casebook::ApplyReferralLocked(const Referral& current, const ReferralEvent& event,
                                               const Actor& actor, Instant now,
                                               std::optional<Case> known_case) {
  // The case document is read only when this event needs it (consent at
  // submit, the plan at completion, the effects below) and the caller has
  // not read it already: most status changes (accept, start, hold, ...)
  // touch the referral row alone.
  std::optional<Case> case_doc = std::move(known_case);
  auto the_case = [&]() -> Result<Case*> {
    if (!case_doc) {
      ATENSI_ASSIGN_OR_RETURN(Case loaded, store_->GetCase(current.case_id));
      case_doc = std::move(loaded);
    }
    return &*case_doc;
  };
  if (event.kind == ReferralEventKind::kSubmit) {
    // Consent may have been recorded (or withdrawn) since the draft was made.
    ATENSI_ASSIGN_OR_RETURN(Case * c, the_case());
    ATENSI_RETURN_IF_ERROR(CheckReferralSharing(current, ScopeFor(*c, now)));
  }
  ATENSI_ASSIGN_OR_RETURN(Referral next, ApplyReferralEvent(current, event, actor, now));
  if (event.kind == ReferralEventKind::kSubmit) {
    next.status_reason.clear();  // the consent hold is over
    if (next.role == InvolvementRole::kInformed) next.response_due_at.reset();
  }
  if (next.status == ReferralStatus::kCompleted && next.plan_item_id.empty()) {
    ATENSI_ASSIGN_OR_RETURN(Case * c, the_case());
    next.plan_item_id = PlanItemFor(*c, next.to_agency);
  }
  EventDraft draft;
  draft.action = "referral." + std::string(Name(event.kind));
  draft.reason = event.kind == ReferralEventKind::kComplete ? event.outcome : event.reason;
  if (event.kind == ReferralEventKind::kExpire) draft.reason = std::string(kExpiredReason);
  std::optional<std::string> changes_text;
  if (store_->TakesChangesText()) {
    // SubjectChanges as text, no DOM (docs/performance.md, workload 3).
    changes_text = ChangesText(ToJsonText(current), ToJsonText(next), "referral_id", next.id);
  }
  if (changes_text) {
    draft.changes_text = std::move(*changes_text);
  } else {
    draft.changes = SubjectChanges("referral_id", next.id, ToJson(current), ToJson(next));
  }
  ATENSI_RETURN_IF_ERROR(
      store_->UpdateReferral(next, ReferralVersion(current), draft, AuditStamp{actor, now})
          .status());

  const ReferralEffects effects = EffectsOf(current, next);
  if (!effects.close_plan_item && !effects.fall_through) return next;
  ATENSI_ASSIGN_OR_RETURN(Case * loaded, the_case());
  Case& c = *loaded;
  if (effects.close_plan_item) {
    ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
    cmd::RecordService service;
    service.service_id = NewId(now);
    service.plan_item_id = *effects.close_plan_item;
    service.note = "delivered through referral " + next.id;
    // The lifecycle decides whether the case's stage and plan allow it; when
    // it refuses, the outcome stays recorded on the referral only.
    Result<Transition> t = Decide(c, child, Command(service), actor, now, policy_, c.version);
    if (t.ok()) {
      ATENSI_RETURN_IF_ERROR(store_
                                 ->UpdateCase(t->next, c.version, IndexFor(t->next, child),
                                              t->event, AuditStamp{actor, now})
                                 .status());
      c = std::move(t->next);
    }
  }
  if (effects.fall_through) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<RoutingSnapshot> snapshot, store_->GetRouting(c.id));
    if (snapshot) {
      ATENSI_ASSIGN_OR_RETURN(RoutingDecision decision,
                              RoutingDecisionFromJson(snapshot->decision));
      ATENSI_ASSIGN_OR_RETURN(std::vector<Referral> referrals, store_->ReferralsOfCase(c.id));
      if (std::optional<Involvement> lead = NextCandidate(decision, referrals)) {
        lead->role = InvolvementRole::kLead;
        ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(c.child_id));
        // The lead follows the referral when the lifecycle allows it (a
        // refusal, e.g. a pending age-out, leaves the lead as it was); a
        // storage error aborts the whole operation.
        cmd::SetLeadAgency set_lead;
        set_lead.agency_id = std::string(lead->agency_id);
        set_lead.reason =
            "fall-through: referral " + next.id + " " + std::string(Name(next.status));
        if (c.lead_agency_id != set_lead.agency_id) {
          Result<Transition> t =
              Decide(c, child, Command(set_lead), actor, now, policy_, c.version);
          if (t.ok()) {
            ATENSI_RETURN_IF_ERROR(store_
                                       ->UpdateCase(t->next, c.version, IndexFor(t->next, child),
                                                    t->event, AuditStamp{actor, now})
                                       .status());
            c = std::move(t->next);
          }
        }
        if (lead->agency_id != current.from_agency) {
          ATENSI_RETURN_IF_ERROR(
              SendReferralLocked(c, *lead, current.from_agency, actor, now, referrals).status());
        }
      }
    }
  }
  return next;
}

Result<Referral> Casebook::ActOnReferral(std::string_view referral_id,
                                         std::int64_t expected_version, const ReferralEvent& event,
                                         const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Referral current, store_->GetReferral(referral_id));
  ATENSI_ASSIGN_OR_RETURN(Case referred, store_->GetCase(current.case_id));
  ATENSI_RETURN_IF_ERROR(
      AuthorizeCaseLocked(actor, Operation::kActOnReferral, std::nullopt, referred, now));
  if (ReferralVersion(current) != expected_version) {
    return Conflict("store.version_conflict", "version",
                    "the referral was changed by someone else since it was read; reload it and "
                    "retry (optimistic concurrency, no last-write-wins)");
  }
  ATENSI_ASSIGN_OR_RETURN(Referral next,
                          ApplyReferralLocked(current, event, actor, now, std::move(referred)));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return next;
}

Result<std::vector<Referral>> Casebook::ExpireReferrals() {
  auto lock = Lock();
  const Instant now = clock_.Now();
  std::vector<Referral> overdue;
  {
    ATENSI_ASSIGN_OR_RETURN(auto read, store_->BeginRead());
    ATENSI_ASSIGN_OR_RETURN(overdue, store_->ReferralsOverdue(now));
  }
  std::vector<Referral> expired;
  for (const Referral& candidate : overdue) {
    ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
    ATENSI_ASSIGN_OR_RETURN(Referral current, store_->GetReferral(candidate.id));
    if (!IsOverdue(current, now)) continue;  // answered meanwhile
    const Actor system = SystemActor(kExpiryPerson, current.from_agency);
    ATENSI_ASSIGN_OR_RETURN(
        Referral next,
        ApplyReferralLocked(current, ReferralEvent{ReferralEventKind::kExpire, {}, {}}, system,
                            now));
    ATENSI_RETURN_IF_ERROR(txn->Commit());
    AfterMutation();
    expired.push_back(std::move(next));
  }
  return expired;
}

Result<Referral> Casebook::GetReferral(std::string_view referral_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->GetReferral(referral_id);
}

Result<std::vector<Referral>> Casebook::ReferralsOfCase(std::string_view case_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetCase(case_id).status());
  return store_->ReferralsOfCase(case_id);
}

Result<Page<Referral>> Casebook::Inbox(std::string_view agency_id, const ReferralQuery& query) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->ReferralBox(agency_id, /*inbox=*/true, query);
}

Result<Page<Referral>> Casebook::Outbox(std::string_view agency_id, const ReferralQuery& query) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  return store_->ReferralBox(agency_id, /*inbox=*/false, query);
}

Result<std::optional<RoutingDecision>> Casebook::RoutingOf(std::string_view case_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(std::optional<RoutingSnapshot> snapshot, store_->GetRouting(case_id));
  if (!snapshot) return std::optional<RoutingDecision>();
  ATENSI_ASSIGN_OR_RETURN(RoutingDecision d, RoutingDecisionFromJson(snapshot->decision));
  return std::optional<RoutingDecision>(std::move(d));
}

}  // namespace atensi
