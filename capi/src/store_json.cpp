// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "store_json.h"

#include <optional>
#include <string>

#include "atensi/clock.h"
#include "atensi/vocabulary.h"

namespace atensi::capi {
namespace {

template <typename Digest>
std::string Hex(const Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(d.size() * 2);
  for (auto b : d) {
    s.push_back(kHex[(b >> 4) & 0xF]);
    s.push_back(kHex[b & 0xF]);
  }
  return s;
}

nlohmann::json OptInstant(const std::optional<Instant>& t) {
  return t.has_value() ? nlohmann::json(FormatInstant(*t)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json EventJson(const Event& e) {
  return nlohmann::json{
      {"chain_id", e.chain_id},
      {"kind", e.kind == ChainKind::kChild ? "child" : "case"},
      {"seq", e.seq},
      {"at", FormatInstant(e.at)},
      {"actor",
       {{"person_id", e.actor.person_id},
        {"agency_id", e.actor.agency_id},
        {"role", std::string(Name(e.actor.role))}}},
      {"action", e.action},
      {"reason", e.reason},
      {"changes", e.changes},
      {"prev_hash", Hex(e.prev_hash)},
      {"hash", Hex(e.hash)},
  };
}

nlohmann::json CaseSummaryJson(const CaseSummary& s) {
  nlohmann::json categories = nlohmann::json::array();
  for (AmpkCategory a : AllAmpkCategories()) {
    if (s.categories.Has(a)) categories.push_back(std::string(Name(a)));
  }
  return nlohmann::json{
      {"case_id", s.case_id},
      {"child_id", s.child_id},
      {"version", s.version},
      {"stage", std::string(Name(s.stage))},
      {"risk", std::string(Name(s.risk))},
      {"categories", categories},
      {"region", s.region.has_value() ? nlohmann::json(s.region->dotted()) : nlohmann::json()},
      {"lead_agency_id", s.lead_agency_id},
      {"assigned_worker_id", s.assigned_worker_id},
      {"opened_at", FormatInstant(s.opened_at)},
      {"closed_at", OptInstant(s.closed_at)},
      {"next_due_at", OptInstant(s.next_due_at)},
  };
}

nlohmann::json VerifyReportJson(const VerifyReport& r) {
  nlohmann::json broken = nullptr;
  if (r.first_broken.has_value()) {
    broken = {{"where", std::string(Name(r.first_broken->where))},
              {"chain_id", r.first_broken->chain_id},
              {"seq", r.first_broken->seq},
              {"reason", r.first_broken->reason}};
  }
  return nlohmann::json{{"ok", r.ok},
                        {"events_checked", r.events_checked},
                        {"chains_checked", r.chains_checked},
                        {"checkpoints_checked", r.checkpoints_checked},
                        {"first_broken", broken}};
}

}  // namespace atensi::capi
