// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// C ABI for the data-subject duties (UU 27/2022; docs/privacy.md): subject
// access, restriction of processing, retention purge.

#include <nlohmann/json.hpp>
#include <string>

#include "atensi.h"
#include "atensi/casebook.h"
#include "capi_json.h"
#include "db_impl.h"
#include "handle.h"

using atensi::capi::ActorCall;
using atensi::capi::DbImpl;
using atensi::capi::EmitJson;
using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::LiveDb;
using atensi::capi::Misuse;

int atensi_subject_access(char** out_json, atensi_db* db, const char* child_id,
                          const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    auto report = d->book->SubjectAccess(child_id, a);
    if (!report.ok()) return Fail(d, report.status());
    return EmitJson(out_json, *report);
  });
}

int atensi_restrict_processing(atensi_db* db, const char* child_id, int restricted,
                               const char* reason, const atensi_actor* actor) {
  const char* const fn = __func__;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (child_id == nullptr) return Misuse(d, fn, "child_id", "is NULL");
    if (reason == nullptr) return Misuse(d, fn, "reason", "is NULL");
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    atensi::Status s = restricted != 0 ? d->book->RestrictProcessing(child_id, reason, a)
                                       : d->book->LiftRestriction(child_id, reason, a);
    if (!s.ok()) return Fail(d, s);
    return ATENSI_OK;
  });
}

int atensi_purge(char** out_json, atensi_db* db, const char* child_id, int apply,
                 const atensi_actor* actor) {
  const char* const fn = __func__;
  return ActorCall(fn, db, out_json, actor, [&](DbImpl* d, const atensi::Actor& a) -> int {
    auto report = child_id != nullptr ? d->book->PurgeChild(child_id, a, apply == 0)
                                      : d->book->Purge(a, apply == 0);
    if (!report.ok()) return Fail(d, report.status());
    return EmitJson(out_json, atensi::ToJson(*report));
  });
}
