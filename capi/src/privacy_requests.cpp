// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// C ABI 0.3 for the data-subject duties that were C++ only (UU 27/2022;
// docs/privacy.md): legal hold, correction requests, the privacy state, the
// art 33 disclosure-risk decision and subject-access requests with their
// 3x24 h deadline (art 32) and refusal (art 33).

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "atensi.h"
#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "capi_json.h"
#include "db_impl.h"
#include "handle.h"
#include "json_input.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::LiveDb;
using atensi::capi::Misuse;

namespace {

nlohmann::json StateJson(const atensi::PrivacyState& s) {
  nlohmann::json requests = nlohmann::json::array();
  for (const atensi::SubjectAccessRequest& r : s.access_requests) requests.push_back(ToJson(r));
  return {{"restricted", s.restricted},
          {"legal_hold", s.legal_hold},
          {"purged", s.purged},
          {"open_corrections", s.open_corrections},
          {"disclosure_risk", ToJson(s.disclosure_risk)},
          {"access_requests", std::move(requests)}};
}

// A UTF-8 text argument; records misuse / invalid argument on `d`.
int Text(DbImpl* d, const char* fn, const char* value, const char* name, std::string* out) {
  if (value == nullptr) return Misuse(d, fn, name, "is NULL");
  *out = value;
  if (!atensi::capi::IsValidUtf8(*out)) {
    return Fail(d, ATENSI_INVALID_ARGUMENT, "capi.utf8", name,
                std::string(name) + " is not UTF-8.");
  }
  return ATENSI_OK;
}

}  // namespace

int atensi_legal_hold(atensi_db* db, const char* child_id, int hold, const char* reference,
                      const atensi_actor* actor) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    std::string ref;
    if (int rc = Text(d, fn, reference, "reference", &ref); rc != ATENSI_OK) return rc;
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    atensi::Status s = d->book->SetLegalHold(child_id, hold != 0, std::move(ref), a);
    if (!s.ok()) return Fail(d, s);
    return ATENSI_OK;
  });
}

int atensi_correction_request(char** out_json, atensi_db* db, const char* child_id,
                              const char* request, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    std::string text;
    if (int rc = Text(d, fn, request, "request", &text); rc != ATENSI_OK) return rc;
    auto id = d->book->RequestCorrection(child_id, std::move(text), a);
    if (!id.ok()) return Fail(d, id.status());
    return EmitJson(out_json, {{"correction_id", *id}});
  });
}

int atensi_child_correct(char** out_json, atensi_db* db, const char* child_json,
                         const char* correction_id, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_json == nullptr) return Misuse(d, fn, "child_json", "is NULL");
    if (correction_id == nullptr) return Misuse(d, fn, "correction_id", "is NULL");
    auto j = atensi::capi::ParseJson(child_json, "child_json");
    if (!j.ok()) return Fail(d, j.status());
    auto child = atensi::ChildFromJson(*j);
    if (!child.ok()) return Fail(d, child.status());
    auto done = d->book->CorrectChild(std::move(child).value(), correction_id, a);
    if (!done.ok()) return Fail(d, done.status());
    return EmitJson(out_json, atensi::ToJson(*done));
  });
}

int atensi_privacy_state(char** out_json, atensi_db* db, const char* child_id,
                         const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    auto state = d->book->PrivacyStateOf(child_id, a);
    if (!state.ok()) return Fail(d, state.status());
    return EmitJson(out_json, StateJson(*state));
  });
}

int atensi_disclosure_risk_set(atensi_db* db, const char* child_id, const char* risk_json,
                               const char* reason, const atensi_actor* actor) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (risk_json == nullptr) return Misuse(d, fn, "risk_json", "is NULL");
    std::string why;
    if (int rc = Text(d, fn, reason, "reason", &why); rc != ATENSI_OK) return rc;
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    auto j = atensi::capi::ParseJson(risk_json, "risk_json");
    if (!j.ok()) return Fail(d, j.status());
    auto risk = atensi::DisclosureRiskFromJson(*j);
    if (!risk.ok()) return Fail(d, risk.status());
    atensi::Status s = d->book->SetDisclosureRisk(child_id, std::move(risk).value(), why, a);
    if (!s.ok()) return Fail(d, s);
    return ATENSI_OK;
  });
}

int atensi_subject_access_request(char** out_json, atensi_db* db, const char* child_id,
                                  int requester, const char* guardian_id,
                                  const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (requester != ATENSI_REQUESTER_SUBJECT && requester != ATENSI_REQUESTER_GUARDIAN) {
      return Fail(d, ATENSI_INVALID_ARGUMENT, "privacy.requester", "requester",
                  "requester must be ATENSI_REQUESTER_SUBJECT or ATENSI_REQUESTER_GUARDIAN.");
    }
    auto r =
        d->book->RequestSubjectAccess(child_id, static_cast<atensi::AccessRequester>(requester),
                                      guardian_id != nullptr ? guardian_id : "", a);
    if (!r.ok()) return Fail(d, r.status());
    return EmitJson(out_json, ToJson(*r));
  });
}

int atensi_subject_access_answer(char** out_json, atensi_db* db, const char* child_id,
                                 const char* request_id, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (request_id == nullptr) return Misuse(d, fn, "request_id", "is NULL");
    auto answer = d->book->AnswerSubjectAccess(child_id, request_id, a);
    if (!answer.ok()) return Fail(d, answer.status());
    return EmitJson(out_json, {{"request", ToJson(answer->request)}, {"report", answer->report}});
  });
}

int atensi_subject_access_refuse(char** out_json, atensi_db* db, const char* child_id,
                                 const char* request_id, const char* reason_code,
                                 const char* explanation, const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (request_id == nullptr) return Misuse(d, fn, "request_id", "is NULL");
    if (reason_code == nullptr) return Misuse(d, fn, "reason_code", "is NULL");
    std::string why;
    if (int rc = Text(d, fn, explanation, "explanation", &why); rc != ATENSI_OK) return rc;
    auto r = d->book->RefuseSubjectAccess(child_id, request_id, reason_code, std::move(why), a);
    if (!r.ok()) return Fail(d, r.status());
    return EmitJson(out_json, ToJson(*r));
  });
}

int atensi_subject_access_pending(char** out_json, atensi_db* db, int overdue_only,
                                  const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    auto list = d->book->PendingSubjectAccess(a, overdue_only != 0);
    if (!list.ok()) return Fail(d, list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const atensi::SubjectAccessRequest& r : *list) out.push_back(ToJson(r));
    return EmitJson(out_json, out);
  });
}
