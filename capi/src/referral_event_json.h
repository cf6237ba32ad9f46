// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The JSON form of a referral event, {"kind": "accept", "reason", "outcome"},
// read for atensi_referral_apply and atensi_referral_act. Includes only
// routing headers.

#ifndef ATENSI_CAPI_SRC_REFERRAL_EVENT_JSON_H_
#define ATENSI_CAPI_SRC_REFERRAL_EVENT_JSON_H_

#include <nlohmann/json.hpp>

#include "atensi/routing/referral.h"
#include "atensi/status.h"

namespace atensi::capi {

Result<ReferralEvent> ReferralEventFromJson(const nlohmann::json& j);

}  // namespace atensi::capi

#endif  // ATENSI_CAPI_SRC_REFERRAL_EVENT_JSON_H_
