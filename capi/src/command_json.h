// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON forms of the lifecycle requests the C API accepts: a Command for
// atensi_case_act and an OpenCaseRequest for atensi_case_open. The core has
// no JSON reader for these (it has ToJson/FromJson for Child and Case only),
// so the C boundary defines them; field names are the C++ member names.
//
//   {"action": "record_consent", "guardian_id": "...", "form": "written",
//    "purposes": ["assessment"], "document_ref": "..."}
//
// "action" is the stable action name (action.h, e.g. "start_assessment").
// Ids of new sub-records may be omitted: the Casebook fills them in.

#ifndef ATENSI_CAPI_SRC_COMMAND_JSON_H_
#define ATENSI_CAPI_SRC_COMMAND_JSON_H_

#include <nlohmann/json.hpp>

#include "atensi/lifecycle/command.h"
#include "atensi/lifecycle/transition.h"
#include "atensi/status.h"

namespace atensi::capi {

Result<Command> CommandFromJson(const nlohmann::json& j);
Result<OpenCaseRequest> OpenCaseRequestFromJson(const nlohmann::json& j);

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_COMMAND_JSON_H_
