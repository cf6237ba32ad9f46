// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Subject access requests through the Casebook (UU 27/2022 Pelindungan Data
// Pribadi).
//
//   - Art 32: the subject (a child, or a guardian on the child's behalf,
//     art 25) gets their data and the processing log within 3x24 hours of
//     the request. Each request is recorded in the child's hash chain
//     ("privacy.access_request", due 72 h later) and closed by its outcome
//     ("privacy.access_fulfilled" / "privacy.access_refused"), so the list
//     of pending and overdue requests is read from the verified log.
//   - Art 33: access MUST be refused when it endangers the safety or the
//     physical or mental health of the subject or of others: a recorded
//     decision on the child ("privacy.disclosure_risk", DisclosureRisk, set
//     by the supervisor, coordinator or data officer handling the case)
//     makes the answer a refusal; the data officer may also refuse on their
//     own finding with one of the art 33 codes. Access must not disclose
//     another person's personal data: a report given is redacted
//     (privacy/subject_access.h), each redaction listed with its reason.

#include <algorithm>
#include <string>
#include <utility>

#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "lifecycle/text_rules.h"

namespace atensi {
namespace {

constexpr std::string_view kDisclosureRisk = "privacy.disclosure_risk";
constexpr std::string_view kAccessRequest = "privacy.access_request";
constexpr std::string_view kAccessFulfilled = "privacy.access_fulfilled";
constexpr std::string_view kAccessRefused = "privacy.access_refused";

Status CheckFreeText(const std::string& text, const char* field) {
  return lifecycle_internal::CheckText(text, field, 1, lifecycle_internal::kMaxTextBytes,
                                       /*multiline=*/true);
}

const SubjectAccessRequest* FindPending(const PrivacyState& s, std::string_view id) {
  for (const SubjectAccessRequest& r : s.access_requests) {
    if (r.id == id && r.outcome == AccessOutcome::kPending) return &r;
  }
  return nullptr;
}

Status RequestNotFound() {
  return NotFound("privacy.access_request_not_found", "request_id",
                  "no pending subject-access request with this id for this child");
}

}  // namespace

Status Casebook::SetDisclosureRisk(std::string_view child_id, DisclosureRisk risk,
                                   std::string reason, const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckFreeText(reason, "reason"));
  std::sort(risk.refused_guardian_ids.begin(), risk.refused_guardian_ids.end());
  risk.refused_guardian_ids.erase(
      std::unique(risk.refused_guardian_ids.begin(), risk.refused_guardian_ids.end()),
      risk.refused_guardian_ids.end());
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kRestrict, child, now));
  for (const std::string& g : risk.refused_guardian_ids) {
    if (child.FindGuardian(g) == nullptr) {
      return InvalidArgument("privacy.unknown_guardian", "refused_guardian_ids",
                             "every refused guardian id must be a guardian of the child");
    }
  }
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  if (state.disclosure_risk == risk) return Status::Ok();  // unchanged: nothing written
  ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
      child, kDisclosureRisk, std::move(reason),
      {{"disclosure_risk", {{"before", ToJson(state.disclosure_risk)}, {"after", ToJson(risk)}}}},
      actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return Status::Ok();
}

Result<SubjectAccessRequest> Casebook::RecordAccessRequestLocked(const Child& child,
                                                                 AccessRequester requester,
                                                                 std::string guardian_id,
                                                                 const Actor& actor, Instant now) {
  SubjectAccessRequest r;
  r.id = NewId(now);
  r.child_id = child.id;
  r.requester = requester;
  r.guardian_id = std::move(guardian_id);
  r.requested_at = now;
  r.due_at = Instant{now.ms + kSubjectAccessWindowMs};
  nlohmann::json changes{
      {"access_request_id", {{"before", nullptr}, {"after", r.id}}},
      {"requester", {{"before", nullptr}, {"after", std::string(Name(requester))}}},
      {"due_at", {{"before", nullptr}, {"after", FormatInstant(r.due_at)}}}};
  if (!r.guardian_id.empty()) {
    changes["guardian_id"] = {{"before", nullptr}, {"after", r.guardian_id}};
  }
  ATENSI_RETURN_IF_ERROR(
      AppendChildPrivacyEventLocked(child, kAccessRequest, "", std::move(changes), actor, now));
  return r;
}

Result<SubjectAccessRequest> Casebook::RequestSubjectAccess(std::string_view child_id,
                                                            AccessRequester requester,
                                                            std::string guardian_id,
                                                            const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  if (requester != AccessRequester::kSubject && requester != AccessRequester::kGuardian) {
    return InvalidArgument("privacy.requester", "requester",
                           "requester must be subject or guardian");
  }
  if ((requester == AccessRequester::kGuardian) == guardian_id.empty()) {
    return InvalidArgument("privacy.requester", "guardian_id",
                           "a guardian's request names the guardian; the subject's names none");
  }
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kSubjectAccess, child, now));
  if (!guardian_id.empty() && child.FindGuardian(guardian_id) == nullptr) {
    return InvalidArgument("privacy.unknown_guardian", "guardian_id",
                           "the requesting guardian must be a guardian of the child");
  }
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  for (const SubjectAccessRequest& r : state.access_requests) {
    if (r.outcome == AccessOutcome::kPending) return r;  // one open request at a time
  }
  ATENSI_ASSIGN_OR_RETURN(
      SubjectAccessRequest r,
      RecordAccessRequestLocked(child, requester, std::move(guardian_id), actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return r;
}

Result<SubjectAccessAnswer> Casebook::AnswerRequestLocked(const Child& child,
                                                          const PrivacyState& state,
                                                          SubjectAccessRequest request,
                                                          const Actor& actor, Instant now) {
  SubjectAccessAnswer answer;
  if (std::optional<std::string_view> refusal = Art33Refusal(state.disclosure_risk, request)) {
    request.outcome = AccessOutcome::kRefused;
    request.refusal_reason = std::string(*refusal);
    request.answered_at = now;
    ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
        child, kAccessRefused, "refused on the recorded disclosure risk (UU 27/2022 art 33)",
        {{"access_request_id", {{"before", request.id}, {"after", nullptr}}},
         {"outcome", {{"before", "pending"}, {"after", "refused"}}},
         {"refusal_reason", {{"before", nullptr}, {"after", request.refusal_reason}}}},
        actor, now));
    answer.request = std::move(request);
    answer.report = nullptr;
    return answer;
  }
  ATENSI_ASSIGN_OR_RETURN(nlohmann::json report, SubjectReportLocked(child, state, now));
  request.outcome = AccessOutcome::kFulfilled;
  request.answered_at = now;
  report["request"] = ToJson(request);
  nlohmann::json redactions = RedactSubjectReport(report, state.disclosure_risk, request);
  nlohmann::json reasons = nlohmann::json::array();
  for (const nlohmann::json& r : redactions) {
    if (std::find(reasons.begin(), reasons.end(), r["reason"]) == reasons.end()) {
      reasons.push_back(r["reason"]);
    }
  }
  report["redactions"] = std::move(redactions);
  ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
      child, kAccessFulfilled, "",
      {{"access_request_id", {{"before", request.id}, {"after", nullptr}}},
       {"outcome", {{"before", "pending"}, {"after", "fulfilled"}}},
       {"redaction_reasons", {{"before", nullptr}, {"after", std::move(reasons)}}}},
      actor, now));
  Status logged = LogReadLocked(actor, Operation::kSubjectAccess, AccessPurpose::kSubjectAccess,
                                child.id, "", Reach::kFull, now);
  if (!logged.ok() && logged.code() != StatusCode::kUnsupported) return logged;
  answer.request = std::move(request);
  answer.report = std::move(report);
  return answer;
}

Result<SubjectAccessAnswer> Casebook::AnswerSubjectAccess(std::string_view child_id,
                                                          std::string_view request_id,
                                                          const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kSubjectAccess, child, now));
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  const SubjectAccessRequest* pending = FindPending(state, request_id);
  if (pending == nullptr) return RequestNotFound();
  ATENSI_ASSIGN_OR_RETURN(SubjectAccessAnswer answer,
                          AnswerRequestLocked(child, state, *pending, actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return answer;
}

Result<SubjectAccessRequest> Casebook::RefuseSubjectAccess(std::string_view child_id,
                                                           std::string_view request_id,
                                                           std::string_view reason_code,
                                                           std::string explanation,
                                                           const Actor& actor) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  if (!IsArt33RefusalReason(reason_code)) {
    return InvalidArgument("privacy.refusal_reason", "reason_code",
                           "a refusal must give one of the UU 27/2022 art 33 reasons "
                           "(uu27.art33.endangers_subject, uu27.art33.requester_endangers, "
                           "uu27.art33.endangers_others)");
  }
  ATENSI_RETURN_IF_ERROR(CheckFreeText(explanation, "explanation"));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(child_id));
  ATENSI_RETURN_IF_ERROR(AuthorizeChildLocked(actor, Operation::kSubjectAccess, child, now));
  ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(child.id));
  const SubjectAccessRequest* pending = FindPending(state, request_id);
  if (pending == nullptr) return RequestNotFound();
  SubjectAccessRequest r = *pending;
  r.outcome = AccessOutcome::kRefused;
  r.refusal_reason = std::string(reason_code);
  r.answered_at = now;
  ATENSI_RETURN_IF_ERROR(AppendChildPrivacyEventLocked(
      child, kAccessRefused, std::move(explanation),
      {{"access_request_id", {{"before", r.id}, {"after", nullptr}}},
       {"outcome", {{"before", "pending"}, {"after", "refused"}}},
       {"refusal_reason", {{"before", nullptr}, {"after", r.refusal_reason}}}},
      actor, now));
  ATENSI_RETURN_IF_ERROR(txn->Commit());
  AfterMutation();
  return r;
}

Result<std::vector<SubjectAccessRequest>> Casebook::PendingSubjectAccess(const Actor& actor,
                                                                         bool overdue_only) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckRole(actor, Operation::kSubjectAccess));
  auto lock = Lock();
  const Instant now = clock_.Now();
  ATENSI_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  ATENSI_ASSIGN_OR_RETURN(std::vector<std::string> ids, store_->ChildrenWithPendingAccessRequest());
  std::vector<SubjectAccessRequest> out;
  for (const std::string& id : ids) {
    ATENSI_ASSIGN_OR_RETURN(Child child, store_->GetChild(id));
    // Children outside the actor's reach are not the actor's to answer.
    if (!AuthorizeChildLocked(actor, Operation::kSubjectAccess, child, now).ok()) continue;
    ATENSI_ASSIGN_OR_RETURN(PrivacyState state, PrivacyStateLocked(id));
    for (const SubjectAccessRequest& r : state.access_requests) {
      if (r.outcome != AccessOutcome::kPending) continue;
      if (overdue_only && !r.overdue(now)) continue;
      out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const SubjectAccessRequest& a, const SubjectAccessRequest& b) {
              return a.due_at.ms != b.due_at.ms ? a.due_at.ms < b.due_at.ms : a.id < b.id;
            });
  return out;
}

}  // namespace atensi
