// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Direct struct -> JSON text writers for the documents the write path stores
// (docs/performance.md, workload 1). Each writer produces exactly the bytes
// of nlohmann::json::dump() of the matching ToJson (lifecycle_json.h): keys
// in the DOM's sorted order, strings escaped as dump() escapes them, no
// whitespace. State hashes and event hashes are taken over these bytes, so
// "exactly" is the contract: tests/lifecycle/lifecycle_json_text_test.cpp
// compares both over generated and hand-written records.
//
// A string that is not valid UTF-8 is refused the way dump() refuses it: the
// writer throws the same nlohmann::json::type_error (316, same message).
// Callers reach these writers only with validated records (ValidateChild and
// the lifecycle's text rules refuse invalid UTF-8 first), as they reached
// dump() before.

#ifndef ATENSI_LIFECYCLE_LIFECYCLE_JSON_TEXT_H_
#define ATENSI_LIFECYCLE_LIFECYCLE_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "atensi/json_text.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"

namespace atensi {

// Equal to ToJson(child).dump().
std::string ToJsonText(const Child& child);

// Equal to ToJson(c).dump().
std::string ToJsonText(const Case& c);

// The change set between two versions of a case: equal (as a value and as
// dump() text) to DiffTopLevel(ToJson(before), ToJson(after)), computed by
// comparing the top-level members of the two documents as text and building
// DOM values only for the members that differ (a transition changes a few
// of the 33). Throws like ToJsonText on invalid UTF-8.
nlohmann::json DiffCases(const Case& before, const Case& after);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_LIFECYCLE_JSON_TEXT_H_
