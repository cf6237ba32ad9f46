// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Authorized reads (issue 9): every read of personal data names the acting
// principal (atensi_actor) and a purpose (atensi_purpose); the core checks
// the permission matrix and the principal's reach, redacts, and writes the
// access log (include/atensi/access/, docs/access-control.md).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atensi.h"
#include "atensi/access/operation.h"
#include "atensi/access/permission_matrix.h"
#include "atensi/casebook.h"
#include "atensi/lifecycle/lifecycle_json.h"
#include "capi_json.h"
#include "db_impl.h"
#include "handle.h"
#include "store_json.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::LiveDb;
using atensi::capi::Misuse;
using atensi::capi::ViewJson;
using nlohmann::json;

namespace {

int ReadPurpose(DbImpl* d, int purpose, atensi::AccessPurpose* out) {
  for (atensi::AccessPurpose p : atensi::AllAccessPurposes()) {
    if (static_cast<int>(p) == purpose) {
      *out = p;
      return ATENSI_OK;
    }
  }
  return Fail(d, ATENSI_INVALID_ARGUMENT, "access.purpose", "purpose",
              "not an atensi_purpose value");
}

}  // namespace

int atensi_child_read(char** out_json, atensi_db* db, const char* child_id,
                      const atensi_actor* actor, int purpose) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    atensi::AccessPurpose p{};
    if (int rc = ReadPurpose(d, purpose, &p); rc != ATENSI_OK) return rc;
    auto view = d->book->ReadChild(child_id, a, p);
    if (!view.ok()) return Fail(d, view.status());
    return EmitJson(out_json, ViewJson(atensi::ToJson(view->value), view->hidden, view->reach));
  });
}

int atensi_case_read(char** out_json, atensi_db* db, const char* case_id, const atensi_actor* actor,
                     int purpose) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
    atensi::AccessPurpose p{};
    if (int rc = ReadPurpose(d, purpose, &p); rc != ATENSI_OK) return rc;
    auto view = d->book->ReadCase(case_id, a, p);
    if (!view.ok()) return Fail(d, view.status());
    return EmitJson(out_json, ViewJson(atensi::ToJson(view->value), view->hidden, view->reach));
  });
}

int atensi_case_history_read(char** out_json, atensi_db* db, const char* case_id,
                             const atensi_actor* actor, int purpose) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (case_id == nullptr) return Misuse(d, fn, "case_id", "is NULL");
    atensi::AccessPurpose p{};
    if (int rc = ReadPurpose(d, purpose, &p); rc != ATENSI_OK) return rc;
    auto events = d->book->History(case_id, a, p);
    if (!events.ok()) return Fail(d, events.status());
    json arr = json::array();
    for (const auto& e : *events) arr.push_back(atensi::capi::EventJson(e));
    return EmitJson(out_json, arr);
  });
}

int atensi_access_log(char** out_json, atensi_db* db, const char* child_id,
                      const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    auto log = d->book->AccessLog(child_id, a);
    if (!log.ok()) return Fail(d, log.status());
    json arr = json::array();
    for (const atensi::AccessLogEntry& e : *log) {
      arr.push_back(json{{"seq", e.seq},
                         {"child_id", e.child_id},
                         {"case_id", e.case_id},
                         {"at", e.at.ms},
                         {"person_id", e.person_id},
                         {"agency_id", e.agency_id},
                         {"role", std::string(atensi::Name(e.role))},
                         {"operation", std::string(atensi::Name(e.operation))},
                         {"purpose", std::string(atensi::Name(e.purpose))},
                         {"reach", std::string(atensi::Name(e.reach))}});
    }
    return EmitJson(out_json, arr);
  });
}

int atensi_db_set_principal(atensi_db* db, const atensi_actor* actor, int purpose) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (actor == nullptr) {  // clears: the 0.1 reads refuse again
      d->principal.reset();
      return ATENSI_OK;
    }
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    atensi::AccessPurpose p{};
    if (int rc = ReadPurpose(d, purpose, &p); rc != ATENSI_OK) return rc;
    if (atensi::Status s = atensi::CheckPurpose(a, p); !s.ok()) return Fail(d, s);
    d->principal = std::move(a);
    d->principal_purpose = p;
    return ATENSI_OK;
  });
}
