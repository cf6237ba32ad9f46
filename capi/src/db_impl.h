// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The object behind an atensi_db pointer, shared by the database sources
// (db.cpp: children, cases, audit; db_routing.cpp: routing, referrals,
// transfers of stored cases).

#ifndef ATENSI_CAPI_SRC_DB_IMPL_H_
#define ATENSI_CAPI_SRC_DB_IMPL_H_

#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi.h"
#include "atensi/casebook.h"
#include "atensi/clock.h"
#include "capi_json.h"
#include "handle.h"

namespace atensi::capi {

struct DbImpl : Handle {
  static constexpr HandleType kType = HandleType::kDb;
  DbImpl() noexcept : Handle(kType) {}

  // The clocks are declared before the Casebook, which holds a reference to
  // one of them, so they outlive it.
  SystemClock system_clock;
  std::unique_ptr<ManualClock> manual_clock;
  std::unique_ptr<Casebook> book;
  // The session principal (atensi_db_set_principal, 0.3): the reads of 0.1
  // that name no actor (atensi_case_get, atensi_caseload_query, ...) act as
  // it, through the core's authorization; none set = they refuse
  // ("access.no_principal").
  std::optional<Actor> principal;
  AccessPurpose principal_purpose = AccessPurpose::kCaseHandling;
};

// atensi_open with a hook that adjusts the core options before the store is
// opened (`configure` returns ATENSI_OK or a recorded error code).
int OpenDb(const char* fn, atensi_db** out, const char* path, const atensi_open_options* options,
           const std::function<int(OpenOptions&)>& configure);

// The live database `db`, setting `h`; nullptr after recording misuse.
inline DbImpl* LiveDb(const char* fn, const atensi_db* db, Handle*& h) {
  DbImpl* d = AsHandle<DbImpl>(db);
  if (d == nullptr) {
    BadHandle(fn, "db");
    return nullptr;
  }
  h = d;
  return d;
}

// Stores `j` for the caller (the out pointer was checked before).
inline int EmitJson(char** out, const nlohmann::json& j) {
  *out = JsonForCaller(Dump(j));
  return ATENSI_OK;
}

// The shape shared by every database call that answers in JSON and acts for
// an actor: clears *out_json, runs under Guard (no exception crosses the
// boundary), checks the handle, the out pointer and the actor, then returns
// body(DbImpl* d, const Actor& a) (an ATENSI_* code; on failure the body
// records the error on `d` and leaves *out_json NULL).
template <typename F>
int ActorCall(const char* fn, atensi_db* db, char** out_json, const atensi_actor* actor,
              F&& body) noexcept {
  if (out_json != nullptr) *out_json = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (out_json == nullptr) return Misuse(d, fn, "out_json", "is NULL");
    Actor a;
    if (int rc = ReadActor(d, fn, actor, &a); rc != ATENSI_OK) return rc;
    return body(d, a);
  });
}

// The session principal of `d` for the read `fn`, or nullptr after recording
// PermissionDenied "access.no_principal" (the message names the call to make).
inline const Actor* SessionPrincipal(DbImpl* d, const char* fn) {
  if (d->principal) return &*d->principal;
  Fail(d, ATENSI_PERMISSION_DENIED, "access.no_principal", "principal",
       std::string(fn) +
           " reads as the session principal since 0.3.0: call atensi_db_set_principal() first "
           "(or use the *_read functions, which take the actor)");
  return nullptr;
}

// The shape of the 0.1 reads that name no actor: clears *out_json, runs under
// Guard, checks the handle, the out pointer and the `required` arguments
// ({pointer, name}: NULL is misuse), then returns body(DbImpl* d, const
// Actor& principal, AccessPurpose purpose) with the session principal, or
// refuses "access.no_principal" when none is set (nothing read or written).
template <typename F>
int PrincipalCall(const char* fn, atensi_db* db, char** out_json,
                  std::initializer_list<std::pair<const void*, const char*>> required,
                  F&& body) noexcept {
  if (out_json != nullptr) *out_json = nullptr;
  return Guard([&](Handle*& h) -> int {
    DbImpl* d = LiveDb(fn, db, h);
    if (d == nullptr) return ATENSI_MISUSE;
    if (out_json == nullptr) return Misuse(d, fn, "out_json", "is NULL");
    for (const auto& [arg, name] : required) {
      if (arg == nullptr) return Misuse(d, fn, name, "is NULL");
    }
    const Actor* principal = SessionPrincipal(d, fn);
    if (principal == nullptr) return ATENSI_PERMISSION_DENIED;
    return body(d, *principal, d->principal_purpose);
  });
}

// A redacted view as JSON: the document with every hidden top-level field set
// to null, plus "reach" and "hidden" (the JSON names of the hidden fields).
inline nlohmann::json ViewJson(nlohmann::json doc, const std::vector<std::string>& hidden,
                               Reach reach) {
  nlohmann::json names = nlohmann::json::array();
  for (const std::string& name : hidden) {
    names.push_back(name);
    if (name.find('.') == std::string::npos && doc.contains(name)) doc[name] = nullptr;
  }
  doc["hidden"] = std::move(names);
  doc["reach"] = std::string(Name(reach));
  return doc;
}

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_DB_IMPL_H_
