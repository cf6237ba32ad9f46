// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Referral document as text (routing_json_text.h). Keys in the byte-wise
// ascending order nlohmann::json's std::map keeps; the optional keys are
// present exactly when ToJson (routing_json.cpp) sets them.

#include "atensi/routing/routing_json_text.h"

#include "atensi/json_text.h"

namespace atensi {
namespace {

void HistoryText(std::string& out, const ReferralHistoryEntry& e) {
  JsonObjectText o(out);
  o.Str("actor_agency_id", e.actor_agency_id);
  o.Str("actor_person_id", e.actor_person_id);
  o.InstantV("at", e.at);
  o.Str("from", Name(e.from));
  o.Str("reason", e.reason);
  o.Str("to", Name(e.to));
}

void StringText(std::string& out, const std::string& s) { AppendJsonString(out, s); }

}  // namespace

std::string ToJsonText(const Referral& r) {
  std::string out;
  out.reserve(768);
  {
    JsonObjectText o(out);
    o.Str("case_id", r.case_id);
    o.InstantV("created_at", r.created_at);
    o.Str("from_agency", r.from_agency);
    o.Array("history", r.history, HistoryText);
    o.Str("id", r.id);
    if (!r.outcome.empty()) o.Str("outcome", r.outcome);
    if (!r.plan_item_id.empty()) o.Str("plan_item_id", r.plan_item_id);
    o.Str("purpose", r.purpose);
    o.Str("reason", r.reason);
    if (!r.rejection_reason.empty()) o.Str("rejection_reason", r.rejection_reason);
    if (r.requested_at) o.InstantV("requested_at", *r.requested_at);
    if (r.responded_at) o.InstantV("responded_at", *r.responded_at);
    if (r.response_due_at) o.InstantV("response_due_at", *r.response_due_at);
    o.Int("response_window_ms", r.response_window_ms);
    o.Str("role", Name(r.role));
    if (!r.rule_id.empty()) o.Str("rule_id", r.rule_id);
    o.Array("shared_fields", r.shared_fields, StringText);
    o.Str("status", Name(r.status));
    if (!r.status_reason.empty()) o.Str("status_reason", r.status_reason);
    o.Str("to_agency", r.to_agency);
  }
  return out;
}

}  // namespace atensi
