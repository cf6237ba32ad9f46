// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The object behind an atensi_db pointer, shared by the database sources
// (db.cpp: children, cases, audit; db_routing.cpp: routing, referrals,
// transfers of stored cases).

#ifndef ATENSI_CAPI_SRC_DB_IMPL_H_
#define ATENSI_CAPI_SRC_DB_IMPL_H_

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

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

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_DB_IMPL_H_
