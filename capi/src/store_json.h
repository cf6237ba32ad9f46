// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON documents for store records the core has no ToJson for: audit events,
// caseload rows and verify reports.
//
// Kept apart from capi_json.h so that the pure routing sources (routing.cpp)
// do not depend on the store headers.

#ifndef ATENSI_CAPI_SRC_STORE_JSON_H_
#define ATENSI_CAPI_SRC_STORE_JSON_H_

#include <nlohmann/json.hpp>

#include "atensi/store/case_store.h"
#include "atensi/store/event.h"

namespace atensi::capi {

nlohmann::json EventJson(const Event& e);
nlohmann::json CaseSummaryJson(const CaseSummary& s);
nlohmann::json VerifyReportJson(const VerifyReport& r);

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_STORE_JSON_H_
