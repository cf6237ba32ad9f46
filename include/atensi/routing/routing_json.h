// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON conversion of routing records, for persistence, the C ABI and the CLI.
//
// Field names are snake_case; enums use their stable names (referral status
// uses the FHIR Task codes, "in-progress"); instants are ISO 8601 UTC with
// milliseconds ("2026-11-28T03:21:02.000Z"); dates "YYYY-MM-DD"; region codes
// dotted. Absent optionals are omitted. FromJson functions never throw: they
// return InvalidArgument "<record>_json.<field>" naming the bad field.
// ToJson followed by FromJson gives back an equal record.

#ifndef ATENSI_ROUTING_ROUTING_JSON_H_
#define ATENSI_ROUTING_ROUTING_JSON_H_

#include <nlohmann/json.hpp>

#include "atensi/routing/referral.h"
#include "atensi/routing/router.h"
#include "atensi/routing/transfer.h"
#include "atensi/status.h"

namespace atensi {

nlohmann::json ToJson(const Referral& referral);
Result<Referral> ReferralFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const Transfer& transfer);
Result<Transfer> TransferFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const Involvement& involvement);
nlohmann::json ToJson(const RoutingDecision& decision);
// The decision owns its strings (RoutingDecision::storage).
Result<RoutingDecision> RoutingDecisionFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const RuleTrace& trace);
// {"status": {...} or null, "rules": [...], "decision": {...} (when OK)}.
nlohmann::json ToJson(const RoutingExplanation& explanation);

nlohmann::json ToJson(const JurisdictionAnswer& answer);
nlohmann::json ToJson(const MoveAssessment& move);

}  // namespace atensi

#endif  // ATENSI_ROUTING_ROUTING_JSON_H_
