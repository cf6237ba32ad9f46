// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "referral_event_json.h"

#include <optional>
#include <string>

#include "json_input.h"

namespace atensi::capi {

Result<ReferralEvent> ReferralEventFromJson(const nlohmann::json& j) {
  JsonReader r(j, "event");
  ReferralEvent e;
  std::string kind = r.Str("kind", /*required=*/true);
  if (!r.ok()) return r.status();
  std::optional<ReferralEventKind> k = ParseReferralEventKind(kind);
  if (!k.has_value()) {
    r.Error("kind", "is not a referral event (submit, accept, reject, ...)");
    return r.status();
  }
  e.kind = *k;
  e.reason = r.Str("reason");
  e.outcome = r.Str("outcome");
  if (!r.ok()) return r.status();
  return e;
}

}  // namespace atensi::capi
