// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Direct JSON text writer for the referral document the write path stores
// (docs/performance.md, workload 1): exactly the bytes of
// nlohmann::json::dump() of ToJson(referral) (routing_json.h), without the
// DOM. Invalid UTF-8 is refused as dump() refuses it (json_text.h).
// tests/routing/routing_json_text_test.cpp compares both.

#ifndef ATENSI_ROUTING_ROUTING_JSON_TEXT_H_
#define ATENSI_ROUTING_ROUTING_JSON_TEXT_H_

#include <string>

#include "atensi/routing/referral.h"

namespace atensi {

// Equal to ToJson(referral).dump().
std::string ToJsonText(const Referral& referral);

}  // namespace atensi

#endif  // ATENSI_ROUTING_ROUTING_JSON_TEXT_H_
