// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON form of Child and Case, used by the store, the event log and exports.
//
// Conventions: enums as their stable snake_case Name() (vocabulary.h and the
// lifecycle headers); dates "YYYY-MM-DD"; instants "YYYY-MM-DDTHH:MM:SS.mmmZ"
// (FormatInstant, millisecond precision, so the round trip is exact); AMPK
// categories and flags as arrays of names in numeric order; absent optionals
// as null. Every top-level key of Case is always present, so a diff of two
// cases (DiffTopLevel) names exactly the fields that changed.
// Parsing is strict: a missing required key, a wrong type, or an unknown enum
// string is InvalidArgument ("lifecycle.json") naming the field path, e.g.
// "plan.items[0].component". Parsing does not run the domain guards:
// ValidateChild / Decide do that.

#ifndef ATENSI_LIFECYCLE_LIFECYCLE_JSON_H_
#define ATENSI_LIFECYCLE_LIFECYCLE_JSON_H_

#include <nlohmann/json.hpp>

#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/status.h"

namespace atensi {

nlohmann::json ToJson(const Child& child);
Result<Child> ChildFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const Case& c);
Result<Case> CaseFromJson(const nlohmann::json& j);

// The change set of a newly created record whose document is `after` (an
// object): {field: {"before": null, "after": value}} for every non-null
// field. Equal to DiffTopLevel({}, after), built by moving the values out
// of `after` instead of comparing and copying them (bulk imports create
// records by the thousand).
nlohmann::json NewRecordChanges(nlohmann::json after);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_LIFECYCLE_JSON_H_
