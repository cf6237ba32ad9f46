// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/routing/routing_json.h"

#include <deque>
#include <memory>

namespace atensi {

using nlohmann::json;

namespace {

// Reads fields of one JSON object, reporting errors as "<prefix>.<field>".
class Reader {
 public:
  Reader(const json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {}

  Status Object() const {
    if (!j_.is_object()) return Bad("record", "must be a JSON object");
    return Status::Ok();
  }
  Status Str(const char* key, std::string* out, bool required = true) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return required ? Bad(key, "is missing") : Status::Ok();
    if (!it->is_string()) return Bad(key, "must be a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }
  Status Int64(const char* key, std::int64_t* out) const {
    auto it = j_.find(key);
    if (it == j_.end() || !it->is_number_integer()) return Bad(key, "must be an integer");
    *out = it->get<std::int64_t>();
    return Status::Ok();
  }
  Status Inst(const char* key, Instant* out) const {
    std::string s;
    ATENSI_RETURN_IF_ERROR(Str(key, &s));
    auto t = ParseInstant(s, key);
    if (!t.ok()) return Bad(key, "must be an ISO 8601 UTC time");
    *out = *t;
    return Status::Ok();
  }
  Status OptInst(const char* key, std::optional<Instant>* out) const {
    if (!j_.contains(key) || j_[key].is_null()) return Status::Ok();
    Instant t;
    ATENSI_RETURN_IF_ERROR(Inst(key, &t));
    *out = t;
    return Status::Ok();
  }
  Status OptRegion(const char* key, std::optional<RegionCode>* out) const {
    std::string s;
    ATENSI_RETURN_IF_ERROR(Str(key, &s, false));
    if (s.empty()) return Status::Ok();
    auto r = RegionCode::Parse(s, key);
    if (!r.ok()) return Bad(key, "must be a region code");
    *out = *r;
    return Status::Ok();
  }
  template <typename E, typename P>
  Status Enum(const char* key, P parse, E* out) const {
    std::string s;
    ATENSI_RETURN_IF_ERROR(Str(key, &s));
    auto v = parse(s);
    if (!v) return Bad(key, "has an unknown value");
    *out = *v;
    return Status::Ok();
  }
  Status Strings(const char* key, std::vector<std::string>* out) const {
    auto it = j_.find(key);
    if (it == j_.end()) return Status::Ok();
    if (!it->is_array()) return Bad(key, "must be a list of strings");
    for (const auto& v : *it) {
      if (!v.is_string()) return Bad(key, "must be a list of strings");
      out->push_back(v.get<std::string>());
    }
    return Status::Ok();
  }
  Status Bad(std::string_view field, std::string_view what) const {
    return InvalidArgument(prefix_ + "." + std::string(field), std::string(field),
                           "Field '" + std::string(field) + "' " + std::string(what) + ".");
  }
  const json& j() const { return j_; }

 private:
  const json& j_;
  std::string prefix_;
};

void PutOpt(json& j, const char* key, const std::optional<Instant>& t) {
  if (t) j[key] = FormatInstant(*t);
}

json ActivitiesJson(std::uint32_t bits) {
  json list = json::array();
  for (int a = 1; a <= kActivityCount; ++a) {
    if ((bits & (1u << static_cast<unsigned>(a))) != 0) {
      list.push_back(Name(static_cast<Activity>(a)));
    }
  }
  return list;
}

template <typename Fn>
auto Guard(std::string_view prefix, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception&) {
    return InvalidArgument(std::string(prefix) + ".malformed", "",
                           "The JSON record could not be read.");
  }
}

}  // namespace

json ToJson(const Referral& r) {
  json j;
  j["id"] = r.id;
  j["case_id"] = r.case_id;
  j["from_agency"] = r.from_agency;
  j["to_agency"] = r.to_agency;
  j["role"] = Name(r.role);
  j["status"] = Name(r.status);
  if (!r.status_reason.empty()) j["status_reason"] = r.status_reason;
  j["reason"] = r.reason;
  if (!r.rule_id.empty()) j["rule_id"] = r.rule_id;
  j["shared_fields"] = r.shared_fields;
  j["purpose"] = r.purpose;
  j["created_at"] = FormatInstant(r.created_at);
  PutOpt(j, "requested_at", r.requested_at);
  j["response_window_ms"] = r.response_window_ms;
  PutOpt(j, "response_due_at", r.response_due_at);
  PutOpt(j, "responded_at", r.responded_at);
  if (!r.outcome.empty()) j["outcome"] = r.outcome;
  if (!r.plan_item_id.empty()) j["plan_item_id"] = r.plan_item_id;
  if (!r.rejection_reason.empty()) j["rejection_reason"] = r.rejection_reason;
  json h = json::array();
  for (const auto& e : r.history) {
    h.push_back({{"from", Name(e.from)},
                 {"to", Name(e.to)},
                 {"at", FormatInstant(e.at)},
                 {"actor_person_id", e.actor_person_id},
                 {"actor_agency_id", e.actor_agency_id},
                 {"reason", e.reason}});
  }
  j["history"] = std::move(h);
  return j;
}

Result<Referral> ReferralFromJson(const json& j) {
  return Guard("referral_json", [&]() -> Result<Referral> {
    Reader in(j, "referral_json");
    ATENSI_RETURN_IF_ERROR(in.Object());
    Referral r;
    ATENSI_RETURN_IF_ERROR(in.Str("id", &r.id));
    ATENSI_RETURN_IF_ERROR(in.Str("case_id", &r.case_id));
    ATENSI_RETURN_IF_ERROR(in.Str("from_agency", &r.from_agency));
    ATENSI_RETURN_IF_ERROR(in.Str("to_agency", &r.to_agency));
    ATENSI_RETURN_IF_ERROR(in.Enum("role", ParseInvolvementRole, &r.role));
    ATENSI_RETURN_IF_ERROR(in.Enum("status", ParseReferralStatus, &r.status));
    ATENSI_RETURN_IF_ERROR(in.Str("status_reason", &r.status_reason, false));
    ATENSI_RETURN_IF_ERROR(in.Str("reason", &r.reason));
    ATENSI_RETURN_IF_ERROR(in.Str("rule_id", &r.rule_id, false));
    ATENSI_RETURN_IF_ERROR(in.Strings("shared_fields", &r.shared_fields));
    ATENSI_RETURN_IF_ERROR(in.Str("purpose", &r.purpose));
    ATENSI_RETURN_IF_ERROR(in.Inst("created_at", &r.created_at));
    ATENSI_RETURN_IF_ERROR(in.OptInst("requested_at", &r.requested_at));
    ATENSI_RETURN_IF_ERROR(in.Int64("response_window_ms", &r.response_window_ms));
    ATENSI_RETURN_IF_ERROR(in.OptInst("response_due_at", &r.response_due_at));
    ATENSI_RETURN_IF_ERROR(in.OptInst("responded_at", &r.responded_at));
    ATENSI_RETURN_IF_ERROR(in.Str("outcome", &r.outcome, false));
    ATENSI_RETURN_IF_ERROR(in.Str("plan_item_id", &r.plan_item_id, false));
    ATENSI_RETURN_IF_ERROR(in.Str("rejection_reason", &r.rejection_reason, false));
    if (j.contains("history")) {
      if (!j["history"].is_array()) return in.Bad("history", "must be a list");
      for (const auto& e : j["history"]) {
        Reader h(e, "referral_json.history");
        ATENSI_RETURN_IF_ERROR(h.Object());
        ReferralHistoryEntry entry;
        ATENSI_RETURN_IF_ERROR(h.Enum("from", ParseReferralStatus, &entry.from));
        ATENSI_RETURN_IF_ERROR(h.Enum("to", ParseReferralStatus, &entry.to));
        ATENSI_RETURN_IF_ERROR(h.Inst("at", &entry.at));
        ATENSI_RETURN_IF_ERROR(h.Str("actor_person_id", &entry.actor_person_id));
        ATENSI_RETURN_IF_ERROR(h.Str("actor_agency_id", &entry.actor_agency_id));
        ATENSI_RETURN_IF_ERROR(h.Str("reason", &entry.reason, false));
        r.history.push_back(std::move(entry));
      }
    }
    return r;
  });
}

json ToJson(const Transfer& t) {
  json j;
  j["id"] = t.id;
  j["case_id"] = t.case_id;
  j["from_agency"] = t.from_agency;
  j["to_agency"] = t.to_agency;
  if (t.from_region) j["from_region"] = t.from_region->dotted();
  if (t.to_region) j["to_region"] = t.to_region->dotted();
  j["direction"] = Name(t.direction);
  j["status"] = Name(t.status);
  j["reason"] = t.reason;
  if (!t.decline_reason.empty()) j["decline_reason"] = t.decline_reason;
  j["created_at"] = FormatInstant(t.created_at);
  PutOpt(j, "responded_at", t.responded_at);
  j["owner"] = OwnerAfter(t);
  json h = json::array();
  for (const auto& e : t.history) {
    h.push_back({{"from", Name(e.from)},
                 {"to", Name(e.to)},
                 {"at", FormatInstant(e.at)},
                 {"actor_person_id", e.actor_person_id},
                 {"actor_agency_id", e.actor_agency_id},
                 {"reason", e.reason}});
  }
  j["history"] = std::move(h);
  return j;
}

Result<Transfer> TransferFromJson(const json& j) {
  return Guard("transfer_json", [&]() -> Result<Transfer> {
    Reader in(j, "transfer_json");
    ATENSI_RETURN_IF_ERROR(in.Object());
    Transfer t;
    ATENSI_RETURN_IF_ERROR(in.Str("id", &t.id));
    ATENSI_RETURN_IF_ERROR(in.Str("case_id", &t.case_id));
    ATENSI_RETURN_IF_ERROR(in.Str("from_agency", &t.from_agency));
    ATENSI_RETURN_IF_ERROR(in.Str("to_agency", &t.to_agency));
    ATENSI_RETURN_IF_ERROR(in.OptRegion("from_region", &t.from_region));
    ATENSI_RETURN_IF_ERROR(in.OptRegion("to_region", &t.to_region));
    ATENSI_RETURN_IF_ERROR(in.Enum("direction", ParseTransferDirection, &t.direction));
    ATENSI_RETURN_IF_ERROR(in.Enum("status", ParseTransferStatus, &t.status));
    ATENSI_RETURN_IF_ERROR(in.Str("reason", &t.reason));
    ATENSI_RETURN_IF_ERROR(in.Str("decline_reason", &t.decline_reason, false));
    ATENSI_RETURN_IF_ERROR(in.Inst("created_at", &t.created_at));
    ATENSI_RETURN_IF_ERROR(in.OptInst("responded_at", &t.responded_at));
    if (j.contains("history")) {
      if (!j["history"].is_array()) return in.Bad("history", "must be a list");
      for (const auto& e : j["history"]) {
        Reader h(e, "transfer_json.history");
        ATENSI_RETURN_IF_ERROR(h.Object());
        TransferHistoryEntry entry;
        ATENSI_RETURN_IF_ERROR(h.Enum("from", ParseTransferStatus, &entry.from));
        ATENSI_RETURN_IF_ERROR(h.Enum("to", ParseTransferStatus, &entry.to));
        ATENSI_RETURN_IF_ERROR(h.Inst("at", &entry.at));
        ATENSI_RETURN_IF_ERROR(h.Str("actor_person_id", &entry.actor_person_id));
        ATENSI_RETURN_IF_ERROR(h.Str("actor_agency_id", &entry.actor_agency_id));
        ATENSI_RETURN_IF_ERROR(h.Str("reason", &entry.reason, false));
        t.history.push_back(std::move(entry));
      }
    }
    return t;
  });
}

json ToJson(const Involvement& inv) {
  return json{{"agency_id", inv.agency_id}, {"agency_type", Name(inv.agency_type)},
              {"role", Name(inv.role)},     {"activities", ActivitiesJson(inv.activities)},
              {"reason", inv.reason},       {"rule_id", inv.rule_id},
              {"source", inv.source}};
}

json ToJson(const RoutingDecision& d) {
  auto list = [](const std::vector<Involvement>& v) {
    json a = json::array();
    for (const auto& i : v) a.push_back(ToJson(i));
    return a;
  };
  return json{{"rule_set_version", d.rule_set_version},
              {"registry_version", d.registry_version},
              {"on", FormatIsoDate(d.on)},
              {"involvements", list(d.involvements)},
              {"lead_candidates", list(d.lead_candidates)},
              {"unresolved", list(d.unresolved)}};
}

Result<RoutingDecision> RoutingDecisionFromJson(const json& j) {
  return Guard("routing_decision_json", [&]() -> Result<RoutingDecision> {
    Reader in(j, "routing_decision_json");
    ATENSI_RETURN_IF_ERROR(in.Object());
    RoutingDecision d;
    auto storage = std::make_shared<std::deque<std::string>>();
    ATENSI_RETURN_IF_ERROR(in.Str("rule_set_version", &d.rule_set_version));
    ATENSI_RETURN_IF_ERROR(in.Str("registry_version", &d.registry_version));
    std::string on;
    ATENSI_RETURN_IF_ERROR(in.Str("on", &on));
    auto date = ParseIsoDate(on, "on");
    if (!date.ok()) return in.Bad("on", "must be a date YYYY-MM-DD");
    d.on = *date;
    auto keep = [&](std::string s) -> std::string_view {
      storage->push_back(std::move(s));
      return storage->back();
    };
    auto read_list = [&](const char* key, std::vector<Involvement>* out) -> Status {
      if (!j.contains(key)) return Status::Ok();
      if (!j[key].is_array()) return in.Bad(key, "must be a list");
      for (const auto& e : j[key]) {
        Reader r(e, std::string("routing_decision_json.") + key);
        ATENSI_RETURN_IF_ERROR(r.Object());
        Involvement inv;
        std::string s;
        ATENSI_RETURN_IF_ERROR(r.Str("agency_id", &s));
        inv.agency_id = keep(s);
        ATENSI_RETURN_IF_ERROR(r.Enum("agency_type", ParseAgencyType, &inv.agency_type));
        ATENSI_RETURN_IF_ERROR(r.Enum("role", ParseInvolvementRole, &inv.role));
        std::vector<std::string> acts;
        ATENSI_RETURN_IF_ERROR(r.Strings("activities", &acts));
        for (const auto& a : acts) {
          auto act = ParseActivity(a);
          if (!act) return r.Bad("activities", "has an unknown activity");
          inv.Add(*act);
        }
        ATENSI_RETURN_IF_ERROR(r.Str("reason", &s));
        inv.reason = keep(s);
        ATENSI_RETURN_IF_ERROR(r.Str("rule_id", &s));
        inv.rule_id = keep(s);
        ATENSI_RETURN_IF_ERROR(r.Str("source", &s));
        inv.source = keep(s);
        out->push_back(inv);
      }
      return Status::Ok();
    };
    ATENSI_RETURN_IF_ERROR(read_list("involvements", &d.involvements));
    ATENSI_RETURN_IF_ERROR(read_list("lead_candidates", &d.lead_candidates));
    ATENSI_RETURN_IF_ERROR(read_list("unresolved", &d.unresolved));
    if (d.involvements.empty() || d.involvements.front().role != InvolvementRole::kLead) {
      return in.Bad("involvements", "must start with the lead");
    }
    d.storage = std::move(storage);
    return d;
  });
}

json ToJson(const RuleTrace& t) {
  return json{{"rule_id", t.rule_id}, {"order", t.order}, {"line", t.line},
              {"fired", t.fired},     {"why", t.why},     {"effects", t.effects}};
}

json ToJson(const RoutingExplanation& e) {
  json j;
  if (e.status.ok()) {
    j["status"] = nullptr;
    j["decision"] = ToJson(e.decision);
  } else {
    j["status"] = {{"code", StatusCodeName(e.status.code())},
                   {"reason", e.status.reason()},
                   {"message", e.status.message()}};
  }
  json rules = json::array();
  for (const auto& t : e.rules) rules.push_back(ToJson(t));
  j["rules"] = std::move(rules);
  return j;
}

json ToJson(const JurisdictionAnswer& a) {
  auto types = [](const std::vector<AgencyType>& v) {
    json list = json::array();
    for (auto t : v) list.push_back(Name(t));
    return list;
  };
  json conc = json::array();
  for (const auto& c : a.concurrent) {
    conc.push_back({{"rule_id", c.rule_id},
                    {"level", Name(c.level)},
                    {"agency_type", Name(c.agency_type)},
                    {"agency_ids", c.agency_ids},
                    {"legal_basis", c.legal_basis},
                    {"source", c.source},
                    {"explanation", c.explanation}});
  }
  json j{{"rule_id", a.rule_id},
         {"level", Name(a.level)},
         {"agency_ids", a.agency_ids},
         {"legal_basis", a.legal_basis},
         {"source", a.source},
         {"explanation", a.explanation},
         {"also_possible", types(a.also_possible)},
         {"concurrent", std::move(conc)},
         {"national_referral_confirmed", a.national_referral_confirmed}};
  if (a.national_referral_option) j["national_referral_option"] = *a.national_referral_option;
  return j;
}

json ToJson(const MoveAssessment& m) {
  json j{{"source_office", m.source_office},
         {"destination_office", m.destination_office},
         {"centre_continues", m.centre_continues},
         {"centre_after_confirmed", m.centre_after_confirmed},
         {"explanation", m.explanation}};
  if (m.centre_before) j["centre_before"] = *m.centre_before;
  if (m.centre_after) j["centre_after"] = *m.centre_after;
  return j;
}

}  // namespace atensi
