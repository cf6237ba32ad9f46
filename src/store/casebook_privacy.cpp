// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-subject duties and retention (UU 27/2022 Pelindungan Data Pribadi).
//
//   - Subject access, art 32: all data held about a child and the
//     processing log, as one JSON document, within 3x24 h of the request.
//   - Correction (art 6; number UNCONFIRMED, atensi.md §11): the request is
//     recorded in the child's chain ("privacy.correction_requested") and
//     closed by the corrected record ("privacy.correction").
//   - Restriction (art 11; number UNCONFIRMED): "privacy.restrict" /
//     "privacy.lift_restriction" in the child's chain. While restricted the
//     data is only stored: routing, referrals, transfers, case actions,
//     exports and reads other than the data officer's are refused
//     (FailedPrecondition "privacy.restricted").
//   - Legal hold, art 44 ("not related to legal proceedings"):
//     "privacy.legal_hold" / "privacy.release_hold"; a held child is never
//     purged.
//   - Destruction at the end of retention, arts 42-44: Purge / PurgeChild
//     replace the child and its cases by tombstones (privacy/tombstone.h),
//     delete the staged roster facts and destroy the payload of every event
//     in their chains (event hash format 2: the chain still verifies), then
//     append a "purge" event to each chain binding the tombstone. The cases'
//     referrals, transfers and routing decisions (whose events are in the
//     case chains) become tombstones too, each bound by a "<kind>.purge"
//     event (schema 8).
//
// The privacy state is read from the child's own hash chain (the newest of
// each pair of actions), so it is covered by Verify like everything else.

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/privacy/tombstone.h"
#include "atensi/routing/routing_json.h"
#include "lifecycle/text_rules.h"

namespace atensi {
namespace {

constexpr std::string_view kRestrict = "privacy.restrict";
constexpr std::string_view kLift = "privacy.lift_restriction";
constexpr std::string_view kHold = "privacy.legal_hold";
constexpr std::string_view kRelease = "privacy.release_hold";
constexpr std::string_view kCorrectionRequested = "privacy.correction_requested";
constexpr std::string_view kCorrection = "privacy.correction";
constexpr std::string_view kPurgeAction = "purge";
// Schema 8 (casebook_subject_access.cpp): art 33 decision, art 32 requests.
constexpr std::string_view kDisclosureRisk = "privacy.disclosure_risk";
constexpr std::string_view kAccessRequest = "privacy.access_request";
constexpr std::string_view kAccessFulfilled = "privacy.access_fulfilled";
constexpr std::string_view kAccessRefused = "privacy.access_refused";

// changes[key][member] as a string ("" when absent or not a string).
std::string ChangeText(const nlohmann::json& changes, const char* key, const char* member) {
  auto it = changes.find(key);
  if (it == changes.end() || !it->is_object()) return "";
  auto v = it->find(member);
  return v != it->end() && v->is_string() ? v->get<std::string>() : "";
}

// Folds one schema-8 privacy event into `s`.
void FoldSubjectAccessEvent(const Event& e, PrivacyState& s) {
  if (e.action == kDisclosureRisk) {
    auto it = e.changes.find("disclosure_risk");
    if (it != e.changes.end() && it->is_object() && it->contains("after")) {
      Result<DisclosureRisk> r = DisclosureRiskFromJson((*it)["after"]);
      if (r.ok()) s.disclosure_risk = *std::move(r);
    }
  } else if (e.action == kAccessRequest) {
    SubjectAccessRequest r;
    r.id = ChangeText(e.changes, "access_request_id", "after");
    if (r.id.empty()) return;
    r.child_id = e.chain_id;
    r.requester = ParseAccessRequester(ChangeText(e.changes, "requester", "after"))
                      .value_or(AccessRequester::kSubject);
    r.guardian_id = ChangeText(e.changes, "guardian_id", "after");
    r.requested_at = e.at;
    r.due_at = Instant{e.at.ms + kSubjectAccessWindowMs};
    s.access_requests.push_back(std::move(r));
  } else if (e.action == kAccessFulfilled || e.action == kAccessRefused) {
    const std::string id = ChangeText(e.changes, "access_request_id", "before");
    for (SubjectAccessRequest& r : s.access_requests) {
      if (r.id != id || r.outcome != AccessOutcome::kPending) continue;
      r.outcome =
          e.action == kAccessFulfilled ? AccessOutcome::kFulfilled : AccessOutcome::kRefused;
      r.refusal_reason = ChangeText(e.changes, "refusal_reason", "after");
      r.answered_at = e.at;
    }
  }
}

// Whether the newest of `on` / `off` in `events` is `on`.
bool Latest(const std::vector<Event>& events, std::string_view on, std::string_view off) {
  bool state = false;
  for (const Event& e : events) {
    if (e.action == on) state = true;
    if (e.action == off) state = false;
  }
  return state;
}

nlohmann::json EventJson(const Event& e) {
  nlohmann::json j{{"chain_id", e.chain_id},
                   {"seq", e.seq},
                   {"at", FormatInstant(e.at)},
                   {"actor",
                    {{"person_id", e.actor.person_id},
                     {"agency_id", e.actor.agency_id},
                     {"role", std::string(Name(e.actor.role))}}},
                   {"action", e.action},
                   {"reason", e.reason},
                   {"changes", e.changes}};
  if (e.payload_purged_at) j["payload_purged_at"] = FormatInstant(*e.payload_purged_at);
  return j;
}

nlohmann::json AccessJson(const AccessLogEntry& a) {
  return {{"at", FormatInstant(a.at)},
          {"case_id", a.case_id},
          {"person_id", a.person_id},
          {"agency_id", a.agency_id},
          {"role", std::string(Name(a.role))},
          {"operation", std::string(Name(a.operation))},
          {"purpose", std::string(Name(a.purpose))},
          {"reach", std::string(Name(a.reach))}};
}

std::optional<RegionCode> DomicileCode(const Child& child) {
  if (child.domicile_region.empty()) return std::nullopt;
  auto code = RegionCode::Parse(child.domicile_region);
  if (!code.ok()) return std::nullopt;
  return *code;
}

Status CheckFreeText(const std::string& text, const char* field) {
  return lifecycle_internal::CheckText(text, field, 1, lifecycle_internal::kMaxTextBytes,
                                       /*multiline=*/true);
}

// The change set of a "<kind>.purge" event: the row it names and what
// happened, never the destroyed values.
nlohmann::json SubjectPurgeChanges(const char* key, const std::string& id,
                                   const std::string& policy_version) {
  return {{key, {{"before", id}, {"after", id}}},
          {"purged", {{"before", false}, {"after", true}}},
          {"retention_policy", {{"before", nullptr}, {"after", policy_version}}}};
}

// Schema 8: the referrals, transfers and routing decision of a purged case
// become tombstones (privacy/tombstone.h), each bound to the case's chain by
// a "<kind>.purge" event whose state hash is the tombstone's (the older
// events naming the row were purged with the chain). Returns how many rows.
Result<std::int64_t> PurgeCaseSubjects(CaseStore& store, const Case& c, const Actor& actor,
                                       Instant now, const std::string& policy_version) {
  std::int64_t rows = 0;
  const AuditStamp stamp{actor, now};
  Result<std::vector<Referral>> refs = store.ReferralsOfCase(c.id);
  if (!refs.ok() && refs.status().code() != StatusCode::kUnsupported) return refs.status();
  for (const Referral& r : refs.ok() ? *refs : std::vector<Referral>{}) {
    ATENSI_ASSIGN_OR_RETURN(nlohmann::json j,
                            TombstoneDocument(ToJson(r), [](const nlohmann::json& d) {
                              return ReferralFromJson(d).status();
                            }));
    ATENSI_ASSIGN_OR_RETURN(Referral t, ReferralFromJson(j));
    if (r.expired()) t.status_reason = r.status_reason;  // "expired" is a code, not a narrative
    t.history.push_back(ReferralHistoryEntry{r.status, r.status, now, actor.person_id,
                                             actor.agency_id, std::string(kPurgedText)});
    EventDraft d;
    d.action = "referral.purge";
    d.changes = SubjectPurgeChanges("referral_id", r.id, policy_version);
    ATENSI_RETURN_IF_ERROR(store.UpdateReferral(t, ReferralVersion(r), d, stamp).status());
    ++rows;
  }
  Result<std::vector<Transfer>> trs = store.TransfersOfCase(c.id);
  if (!trs.ok() && trs.status().code() != StatusCode::kUnsupported) return trs.status();
  for (const Transfer& tr : trs.ok() ? *trs : std::vector<Transfer>{}) {
    ATENSI_ASSIGN_OR_RETURN(nlohmann::json j,
                            TombstoneDocument(ToJson(tr), [](const nlohmann::json& d) {
                              return TransferFromJson(d).status();
                            }));
    ATENSI_ASSIGN_OR_RETURN(Transfer t, TransferFromJson(j));
    t.history.push_back(TransferHistoryEntry{tr.status, tr.status, now, actor.person_id,
                                             actor.agency_id, std::string(kPurgedText)});
    EventDraft d;
    d.action = "transfer.purge";
    d.changes = SubjectPurgeChanges("transfer_id", tr.id, policy_version);
    ATENSI_RETURN_IF_ERROR(store.UpdateTransfer(t, TransferVersion(tr), d, stamp).status());
    ++rows;
  }
  Result<std::optional<RoutingSnapshot>> rs = store.GetRouting(c.id);
  if (!rs.ok() && rs.status().code() != StatusCode::kUnsupported) return rs.status();
  if (rs.ok() && rs->has_value()) {
    ATENSI_ASSIGN_OR_RETURN(
        nlohmann::json j,
        TombstoneDocument((*rs)->decision, [](const nlohmann::json&) { return Status::Ok(); }));
    EventDraft d;
    d.action = "routing.purge";
    d.changes = SubjectPurgeChanges("routing_id", c.id, policy_version);
    ATENSI_RETURN_IF_ERROR(
        store.PutRouting(RoutingSnapshot{c.id, (*rs)->decided_at, std::move(j)}, d, stamp)
            .status());
    ++rows;
  }
  return rows;
}

}  // namespace

nlohmann::json ToJson(const PurgeReport& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const PurgeItem& i : r.items) {
    nlohmann::json j{{"child_id", i.child_id},
                     {"category", std::string(Name(i.category))},
                     {"reason", i.reason},
                     {"cases", i.cases},
                     {"events_purged", i.events_purged},
                     {"events_kept_format_1", i.events_kept_format_1}};
    j["ends_at"] = i.ends_at ? nlohmann::json(FormatInstant(*i.ends_at)) : nlohmann::json(nullptr);
    items.push_back(std::move(j));
  }
  return {{"dry_run", r.dry_run},
          {"policy_version", r.policy_version},
          {"children_examined", r.children_examined},
          {"children_purged", r.children_purged},
          {"children_due", r.children_due},
          {"events_purged", r.events_purged},
          {"items", std::move(items)}};
}

void Casebook::UseRetentionPolicy(RetentionPolicy policy) {
  auto lock = Lock();
  retention_ = std::move(policy);
}

Result<PrivacyState> Casebook::PrivacyStateLocked(std::string_view child_id) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChainEvents(child_id));
  PrivacyState s;
  s.restricted = Latest(events, kRestrict, kLift);
  s.legal_hold = Latest(events, kHold, kRelease);
  for (const Event& e : events) {
    FoldSubjectAccessEvent(e, s);
    if (e.action == kPurgeAction) s.purged = true;
    if (e.action == kCorrectionRequested || e.action == kCorrection) {
      auto id = e.changes.find("correction_id");
      if (id == e.changes.end() || !id->is_object()) continue;
      // Requested: {"before": null, "after": id}; done: {"before": id, "after": null}.
      const nlohmann::json& v = id->contains("after") && (*id)["after"].is_string()
                                    ? (*id)["after"]
                                    : id->value("before", nlohmann::json());
      if (!v.is_string()) continue;
      const std::string cid = v.get<std::string>();
      if (e.action == kCorrectionRequested) {
        s.open_corrections.push_back(cid);
      } else {
        std::erase(s.open_corrections, cid);
      }
    }
  }
  return s;
}

Status Casebook::CheckNotRestrictedLocked(std::string_view child_id, const Actor& actor,
                                          bool data_officer_may) {
  // Actions only (no payload read): this runs on every authorized operation.
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> actions, store_->PrivacyActions(child_id));
  bool restricted = false;
  for (const std::string& a : actions) {
    if (a == kRestrict) restricted = true;
    if (a == kLift) restricted = false;
  }
  if (!restricted) return Status::Ok();
  if (data_officer_may && actor.role == Role::kDataOfficer) return Status::Ok();
  return FailedPrecondition(
      "privacy.restricted", "child_id",
      "processing of this child's data is restricted at the data subject's request (UU 27/2022 "
      "right to restrict processing): it is only stored until the restriction is lifted");
}

Status Casebook::RestrictionGateLocked(const Actor& actor, Operation op,
                                       std::string_view child_id) {
  switch (op) {
    // The subject's own rights, retention, integrity and aggregates (no
    // personal data) stay available: restriction means "stored only".
    case Operation::kSubjectAccess:
    case Operation::kRestrict:
    case Operation::kCorrect:
    case Operation::kPurge:
    case Operation::kVerify:
    case Operation::kRotateKey:
    case Operation::kReadAccessLog:
    case Operation::kReadCaseload:
    case Operation::kReadDue:
    case Operation::kReadReport:
    case Operation::kExpireReferrals:
    case Operation::kRegisterChild:
      return Status::Ok();
    // Reads of personal data: the data officer handling the request only.
    case Operation::kReadCase:
    case Operation::kReadChild:
    case Operation::kReadHistory:
    case Operation::kReadReferrals:
      return CheckNotRestrictedLocked(child_id, actor, /*data_officer_may=*/true);
    default:
      return CheckNotRestrictedLocked(child_id, actor);
  }
}

Result<PrivacyState> Casebook::PrivacyStateOf(std::string_view child_id) {
  auto lock = Lock();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_RETURN_IF_ERROR(store_->GetChild(child_id).status());
  return PrivacyStateLocked(child_id);
}

Result<PrivacyState> Casebook::PrivacyStateOf(std::string_view child_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kRestrict, child, now));
  return PrivacyStateLocked(child.id);
}

Status Casebook::AppendChildPrivacyEventLocked(const Child& child, std::string_view action,
                                               std::string reason, nlohmann::json changes,
                                               const Actor& actor, Instant now) {
  EventDraft draft;
  draft.action = std::string(action);
  draft.reason = std::move(reason);
  draft.changes = std::move(changes);
  return store_->UpdateChild(child, draft, AuditStamp{actor, now}).status();
}

Status Casebook::SetPrivacyFlag(std::string_view child_id, Operation op, std::string_view on,
                                std::string_view off, bool value, std::string reason,
                                const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckFreeText(reason, "reason"));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, op, child, now));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChainEvents(child_id));
  const bool current = Latest(events, on, off);
  if (current == value) return Status::Ok();  // already so: nothing written
  const std::string field(on == kRestrict ? "restricted" : "legal_hold");
  ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
      child, value ? on : off, std::move(reason),
      {{field, {{"before", current}, {"after", value}}}}, actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return Status::Ok();
}

Status Casebook::RestrictProcessing(std::string_view child_id, std::string reason,
                                    const Actor& actor) {
  return SetPrivacyFlag(child_id, Operation::kRestrict, kRestrict, kLift, true, std::move(reason),
                        actor);
}

Status Casebook::LiftRestriction(std::string_view child_id, std::string reason,
                                 const Actor& actor) {
  return SetPrivacyFlag(child_id, Operation::kRestrict, kRestrict, kLift, false, std::move(reason),
                        actor);
}

Status Casebook::SetLegalHold(std::string_view child_id, bool hold, std::string reference,
                              const Actor& actor) {
  return SetPrivacyFlag(child_id, Operation::kPurge, kHold, kRelease, hold, std::move(reference),
                        actor);
}

Result<std::string> Casebook::RequestCorrection(std::string_view child_id, std::string request,
                                                const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckFreeText(request, "request"));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kCorrect, child, now));
  std::string id = NewId(now);
  ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
      child, kCorrectionRequested, std::move(request),
      {{"correction_id", {{"before", nullptr}, {"after", id}}}}, actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return id;
}

Result<Child> Casebook::CorrectChild(Child corrected, std::string_view correction_id,
                                     const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(Child valid,
                          ValidateChild(corrected, DateAt(now, policy_.utc_offset_minutes)));
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child before, store_->GetChild(valid.id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kCorrect, before, now));
  ATENSI_ASSIGN_OR_RETURN(PrivacyState s, PrivacyStateLocked(valid.id));
  if (std::find(s.open_corrections.begin(), s.open_corrections.end(), correction_id) ==
      s.open_corrections.end()) {
    return NotFound("privacy.correction_not_found", "correction_id",
                    "no open correction request with this id for this child");
  }
  if (valid.nik && valid.nik != before.nik) {
    ATENSI_ASSIGN_OR_RETURN(std::optional<Child> holder, store_->FindChildByNik(*valid.nik));
    if (holder && holder->id != valid.id) {
      return AlreadyExists("store.nik_taken", "nik",
                           "another child with this NIK is already registered");
    }
  }
  EventDraft draft;
  draft.action = std::string(kCorrection);
  draft.changes = DiffTopLevel(ToJson(before), ToJson(valid));
  draft.changes["correction_id"] = {{"before", std::string(correction_id)}, {"after", nullptr}};
  ATENSI_RETURN_IF_ERROR(store_->UpdateChild(valid, draft, AuditStamp{actor, now}).status());
  if (valid.domicile_region != before.domicile_region) {
    ATENSI_RETURN_IF_ERROR(store_->SetCasesRegion(valid.id, DomicileCode(valid)));
  }
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return valid;
}

Result<nlohmann::json> Casebook::SubjectAccess(std::string_view child_id, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  // A write transaction: the request, its outcome (child's chain) and the
  // access itself (access log) are recorded with the answer.
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kSubjectAccess, child, now));
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  // The subject's own request, answered at once (art 32; art 33 applies).
  SubjectAccessRequest request;
  for (const SubjectAccessRequest& r : state.access_requests) {
    if (r.outcome == AccessOutcome::kPending && r.requester == AccessRequester::kSubject) {
      request = r;
    }
  }
  if (request.id.empty()) {
    ATENSI_ASSIGN_OR_RETURN(
        request, RecordAccessRequestLocked(child, AccessRequester::kSubject, "", actor, now));
  }
  ATENSI_ASSIGN_OR_RETURN(SubjectAccessAnswer answer,
                          AnswerRequestLocked(child, state, std::move(request), actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  if (answer.request.outcome == AccessOutcome::kRefused) {
    return PermissionDenied("privacy.access_refused", "child_id",
                            "subject access refused under UU 27/2022 art 33 (" +
                                answer.request.refusal_reason +
                                "); the refusal is recorded in the child's audit chain");
  }
  return std::move(answer.report);
}

Result<nlohmann::json> Casebook::SubjectReportLocked(const Child& child, const PrivacyState& state,
                                                     Instant now) {
  ATENSI_ASSIGN_OR_RETURN(std::vector<Case> cases, store_->CasesOfChild(child.id));

  nlohmann::json out{{"format", "atensi.subject_access.v2"},
                     {"legal_basis",
                      "UU 27/2022 art 32 (access to personal data and the "
                      "processing log, within 3x24 hours of the request)"},
                     {"generated_at", FormatInstant(now)},
                     {"child", ToJson(child)}};
  out["privacy"] = {{"restricted", state.restricted},
                    {"legal_hold", state.legal_hold},
                    {"purged", state.purged},
                    {"open_corrections", state.open_corrections}};
  nlohmann::json requests = nlohmann::json::array();
  for (const SubjectAccessRequest& r : state.access_requests) requests.push_back(ToJson(r));
  out["privacy"]["access_requests"] = std::move(requests);
  nlohmann::json cj = nlohmann::json::array();
  nlohmann::json consents = nlohmann::json::array();
  nlohmann::json referrals = nlohmann::json::array();
  nlohmann::json transfers = nlohmann::json::array();
  nlohmann::json routing = nlohmann::json::array();
  for (const Case& c : cases) {
    cj.push_back(ToJson(c));
    for (const ConsentRecord& r : c.consents) {
      nlohmann::json purposes = nlohmann::json::array();
      for (ConsentPurpose p : r.purposes) purposes.push_back(std::string(Name(p)));
      const Guardian* g = child.FindGuardian(r.guardian_id);
      nlohmann::json j{
          {"case_id", c.id},
          {"consent_id", r.id},
          {"given_by_guardian_id", r.guardian_id},
          {"relation", g ? nlohmann::json(std::string(Name(g->role))) : nlohmann::json(nullptr)},
          {"form", std::string(Name(r.form))},
          {"given_at", FormatInstant(r.given_at)},
          {"purposes", purposes},
          {"document_ref", r.document_ref}};
      j["withdrawn_at"] =
          r.withdrawn_at ? nlohmann::json(FormatInstant(*r.withdrawn_at)) : nlohmann::json(nullptr);
      consents.push_back(std::move(j));
    }
    Result<std::vector<Referral>> refs = store_->ReferralsOfCase(c.id);
    if (refs.ok()) {
      for (const Referral& r : *refs) referrals.push_back(ToJson(r));
    } else if (refs.status().code() != StatusCode::kUnsupported) {
      return refs.status();
    }
    Result<std::vector<Transfer>> trs = store_->TransfersOfCase(c.id);
    if (trs.ok()) {
      for (const Transfer& t : *trs) transfers.push_back(ToJson(t));
    } else if (trs.status().code() != StatusCode::kUnsupported) {
      return trs.status();
    }
    Result<std::optional<RoutingSnapshot>> rs = store_->GetRouting(c.id);
    if (rs.ok() && rs->has_value()) {
      routing.push_back({{"case_id", c.id},
                         {"decided_at", FormatInstant((*rs)->decided_at)},
                         {"decision", (*rs)->decision}});
    } else if (!rs.ok() && rs.status().code() != StatusCode::kUnsupported) {
      return rs.status();
    }
  }
  out["cases"] = std::move(cj);
  out["consents"] = std::move(consents);
  out["referrals"] = std::move(referrals);
  out["transfers"] = std::move(transfers);
  out["routing_decisions"] = std::move(routing);
  // The staged roster row (one lookup: the smallest id after child.id - 1).
  out["roster_facts"] = nullptr;
  if (!child.id.empty()) {
    std::string before = child.id;
    before.back() = static_cast<char>(before.back() - 1);
    auto page = store_->RosterFactsPage(before, 1);
    if (page.ok() && !page->empty() && page->front().first == child.id) {
      out["roster_facts"] = page->front().second;
    } else if (!page.ok() && page.status().code() != StatusCode::kUnsupported) {
      return page.status();
    }
  }
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChildTimeline(child.id));
  nlohmann::json log = nlohmann::json::array();
  for (const Event& e : events) log.push_back(EventJson(e));
  out["processing_log"] = std::move(log);
  nlohmann::json access = nlohmann::json::array();
  Result<std::vector<AccessLogEntry>> reads = store_->AccessLogOfChild(child.id);
  if (reads.ok()) {
    for (const AccessLogEntry& a : *reads) access.push_back(AccessJson(a));
  } else if (reads.status().code() != StatusCode::kUnsupported) {
    return reads.status();
  }
  out["access_log"] = std::move(access);
  Result<std::vector<Event>> child_events = store_->ChainEvents(child.id);
  if (child_events.ok() && !child_events->empty()) {
    RetentionVerdict v = AssessRetention(child, cases, state.legal_hold, child_events->front().at,
                                         now, retention_, policy_.utc_offset_minutes);
    out["retention"] = {{"category", std::string(Name(v.category))},
                        {"status", v.reason},
                        {"policy_version", retention_.version}};
    out["retention"]["ends_at"] =
        v.ends_at ? nlohmann::json(FormatInstant(*v.ends_at)) : nlohmann::json(nullptr);
  }
  return out;
}

Result<PurgeItem> Casebook::PurgeChildLocked(const Child& child, const Actor& actor, Instant now,
                                             bool dry_run) {
  PurgeItem item;
  item.child_id = child.id;
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  ATENSI_ASSIGN_OR_RETURN(std::vector<Case> cases, store_->CasesOfChild(child.id));
  item.cases = static_cast<std::int64_t>(cases.size());
  if (state.purged) {
    item.reason = "retention.already_purged";
    return item;
  }
  ATENSI_ASSIGN_OR_RETURN(std::vector<Event> events, store_->ChainEvents(child.id));
  const Instant registered = events.empty() ? now : events.front().at;
  RetentionVerdict v = AssessRetention(child, cases, state.legal_hold, registered, now, retention_,
                                       policy_.utc_offset_minutes);
  item.category = v.category;
  item.ends_at = v.ends_at;
  item.reason = v.reason;
  item.due = v.due;
  if (!v.due || dry_run) return item;

  // 1. Destroy the payloads of every event so far (format 1 events stay:
  //    their hash covers the text; counted so the operator knows).
  std::vector<std::string> chains{child.id};
  for (const Case& c : cases) chains.push_back(c.id);
  for (const std::string& chain : chains) {
    ATENSI_ASSIGN_OR_RETURN(PurgedPayloads p, store_->PurgeChainPayloads(chain, now));
    item.events_purged += p.purged;
    item.events_kept_format_1 += p.kept_format_1;
  }
  // 2. Tombstones, each bound to its chain by a "purge" event (no payload
  //    beyond the names of the fields that were destroyed).
  const Child tomb = TombstoneChild(child);
  EventDraft draft;
  draft.action = std::string(kPurgeAction);
  draft.changes = {{"purged", {{"before", false}, {"after", true}}},
                   {"retention_policy", {{"before", nullptr}, {"after", retention_.version}}}};
  ATENSI_RETURN_IF_ERROR(store_->UpdateChild(tomb, draft, AuditStamp{actor, now}).status());
  if (tomb.domicile_region != child.domicile_region) {
    ATENSI_RETURN_IF_ERROR(store_->SetCasesRegion(tomb.id, DomicileCode(tomb)));
  }
  for (const Case& c : cases) {
    ATENSI_ASSIGN_OR_RETURN(Case t, TombstoneCase(c));
    t.version = c.version + 1;
    EventDraft cd = draft;
    cd.changes["version"] = {{"before", c.version}, {"after", t.version}};
    ATENSI_RETURN_IF_ERROR(
        store_->UpdateCase(t, c.version, IndexFor(t, tomb), cd, AuditStamp{actor, now}).status());
    ATENSI_RETURN_IF_ERROR(PurgeCaseSubjects(*store_, c, actor, now, retention_.version).status());
  }
  Result<bool> facts = store_->DeleteRosterFacts(child.id);
  if (!facts.ok() && facts.status().code() != StatusCode::kUnsupported) return facts.status();
  item.purged = true;
  return item;
}

Result<PurgeReport> Casebook::PurgeChild(std::string_view child_id, const Actor& actor,
                                         bool dry_run) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kPurge, child, now));
  PurgeReport report;
  report.dry_run = dry_run;
  report.policy_version = retention_.version;
  ATENSI_ASSIGN_OR_RETURN(PurgeItem item, PurgeChildLocked(child, actor, now, dry_run));
  report.children_examined = 1;
  report.children_due = item.due ? 1 : 0;
  report.children_purged = item.purged ? 1 : 0;
  report.events_purged = item.events_purged;
  report.items.push_back(std::move(item));
  if (dry_run) return report;
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return report;
}

Result<PurgeReport> Casebook::Purge(const Actor& actor, bool dry_run) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  // Every child, a page at a time; each child is purged in its own
  // transaction (a failure leaves the others done), as ExpireReferrals.
  PurgeReport report;
  report.dry_run = dry_run;
  report.policy_version = retention_.version;
  std::string after;
  for (;;) {
    std::vector<std::string> ids;
    {
      auto lock = Lock();
      ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
      ATENSI_ASSIGN_OR_RETURN(ids, store_->ChildIdsAfter(after, 500));
    }
    if (ids.empty()) break;
    after = ids.back();
    for (const std::string& id : ids) {
      auto lock = Lock();
      const Instant now = clock_.Now();
      ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
      ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(id));
      // Children outside the actor's reach are not the actor's to purge.
      if (!AuthorizeChildLocked(actor, Operation::kPurge, child, now).ok()) continue;
      ATENSI_ASSIGN_OR_RETURN(PurgeItem item, PurgeChildLocked(child, actor, now, dry_run));
      ++report.children_examined;
      if (item.due) ++report.children_due;
      if (item.purged) {
        ++report.children_purged;
        report.events_purged += item.events_purged;
        ATENSI_RETURN_IF_ERROR(txn->Commit());
        AfterMutation();
      }
      if (item.due || item.purged) report.items.push_back(std::move(item));
    }
  }
  return report;
}

}  // namespace atensi
