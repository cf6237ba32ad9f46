// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Small pieces shared by the C API sources that produce JSON or take an
// actor. Free of lifecycle and store headers, so the pure routing sources
// stay independent of the database.

#ifndef ATENSI_CAPI_SRC_CAPI_JSON_H_
#define ATENSI_CAPI_SRC_CAPI_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "atensi.h"
#include "atensi/actor.h"
#include "atensi/status.h"
#include "handle.h"

namespace atensi::capi {

// Compact text; invalid UTF-8 inside strings is replaced, never thrown on.
std::string Dump(const nlohmann::json& j);

// {"code", "name", "reason", "field", "message"}, or null for OK.
nlohmann::json StatusJson(const Status& s);

// Reads and checks an atensi_actor (version, role, UTF-8); records misuse or
// InvalidArgument on `h` and returns the code, or ATENSI_OK with `*out` set.
int ReadActor(Handle* h, const char* function, const atensi_actor* actor, Actor* out);

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_CAPI_JSON_H_
