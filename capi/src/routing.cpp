// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Routing, jurisdiction, referrals and transfers through the C API. All of
// these are pure functions of the core (routing/*.h) over the compiled-in
// rule set and agency registry; records are exchanged as the core's JSON
// (routing_json.h), requests as the documents described in atensi.h.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi.h"
#include "atensi/region.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/case_facts.h"
#include "atensi/routing/jurisdiction.h"
#include "atensi/routing/referral.h"
#include "atensi/routing/router.h"
#include "atensi/routing/routing_json.h"
#include "atensi/routing/routing_rules.h"
#include "atensi/routing/transfer.h"
#include "capi_json.h"
#include "handle.h"
#include "json_input.h"
#include "referral_event_json.h"

using atensi::capi::Fail;
using atensi::capi::Guard;
using atensi::capi::Handle;
using atensi::capi::JsonReader;
using atensi::capi::Misuse;
using nlohmann::json;

namespace {

// The shipped registry and rules, loaded once (thread-safe static init).
struct RoutingData {
  atensi::Status status;
  std::unique_ptr<atensi::AgencyRegistry> registry;
  std::unique_ptr<atensi::RuleSet> rules;
};

const RoutingData& Data() {
  static const RoutingData* data = [] {
    auto* d = new RoutingData();
    auto reg = atensi::AgencyRegistry::Default(atensi::RegionTable::Official());
    if (!reg.ok()) {
      d->status = reg.status();
      return d;
    }
    auto rules = atensi::RuleSet::Default();
    if (!rules.ok()) {
      d->status = rules.status();
      return d;
    }
    d->registry = std::make_unique<atensi::AgencyRegistry>(std::move(reg).value());
    d->rules = std::make_unique<atensi::RuleSet>(std::move(rules).value());
    return d;
  }();
  return *data;
}

int Emit(char** out, const json& j) {
  *out = atensi::capi::JsonForCaller(atensi::capi::Dump(j));
  return ATENSI_OK;
}

// Parses the JSON argument `text` named `what`; on error records it.
std::optional<json> ParseArg(const char* text, const char* what, int* rc) {
  auto j = atensi::capi::ParseJson(text, what);
  if (!j.ok()) {
    *rc = Fail(nullptr, j.status());
    return std::nullopt;
  }
  *rc = ATENSI_OK;
  return std::move(j).value();
}

atensi::Result<atensi::CaseFacts> FactsFromJson(const json& j) {
  JsonReader r(j, "facts");
  atensi::CaseFacts f;
  f.categories = r.Categories("categories");
  f.age = static_cast<int>(r.Int("age"));
  f.has_disability = r.Bool("has_disability");
  f.pkh_participant = r.Bool("pkh_participant");
  f.has_nik = r.Bool("has_nik");
  f.has_birth_certificate = r.Bool("has_birth_certificate");
  if (auto d = r.OptInt("dtsen_decile"); d.has_value()) f.dtsen_decile = static_cast<int>(*d);
  f.economic_hardship = r.Bool("economic_hardship");
  f.domicile = r.OptRegion("domicile");
  f.risk = r.Enum<atensi::RiskLevel>("risk", atensi::ParseRiskLevel, atensi::RiskLevel::kLow);
  if (const json* arr = r.Array("programmes_tried"); arr != nullptr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      JsonReader pr((*arr)[i], "facts.programmes_tried[" + std::to_string(i) + "]");
      atensi::ProgrammeAttempt a;
      a.programme = pr.Enum<atensi::Programme>("programme", atensi::ParseProgramme,
                                               atensi::Programme::kOther);
      a.outcome = pr.Enum<atensi::ProgrammeOutcome>("outcome", atensi::ParseProgrammeOutcome,
                                                    atensi::ProgrammeOutcome::kOngoing);
      r.Merge(pr);
      f.programmes_tried.push_back(a);
    }
  }
  f.residential_need = r.Bool("residential_need");
  f.napza = r.Bool("napza");
  f.hiv = r.Bool("hiv");
  f.disaster = r.OptEnum<atensi::DisasterLevel>("disaster", atensi::ParseDisasterLevel);
  if (!r.ok()) return r.status();
  return f;
}

atensi::Result<atensi::Need> NeedFromJson(const json& j) {
  JsonReader r(j, "need");
  atensi::Need n;
  n.categories = r.Categories("categories");
  n.residential = r.Bool("residential");
  n.napza = r.Bool("napza");
  n.hiv = r.Bool("hiv");
  n.abh = r.Bool("abh");
  n.disaster = r.OptEnum<atensi::DisasterLevel>("disaster", atensi::ParseDisasterLevel);
  if (!r.ok()) return r.status();
  return n;
}

atensi::Result<atensi::ReferralRequest> ReferralRequestFromJson(const json& j) {
  JsonReader r(j, "request");
  atensi::ReferralRequest q;
  q.id = r.Str("id");
  q.case_id = r.Str("case_id");
  q.from_agency = r.Str("from_agency");
  q.to_agency = r.Str("to_agency");
  q.role = r.Enum<atensi::InvolvementRole>("role", atensi::ParseInvolvementRole,
                                           atensi::InvolvementRole::kLead);
  q.reason = r.Str("reason");
  q.rule_id = r.Str("rule_id");
  q.shared_fields = r.StrArray("shared_fields");
  if (auto p = r.OptStr("purpose"); p.has_value()) q.purpose = *p;
  q.plan_item_id = r.Str("plan_item_id");
  q.response_window_hours = r.Int("response_window_hours", q.response_window_hours);
  if (!r.ok()) return r.status();
  return q;
}

atensi::Result<atensi::ConsentScope> ConsentFromJson(const json& j) {
  JsonReader r(j, "consent");
  atensi::ConsentScope c;
  c.fields = r.StrArray("fields");
  c.purposes = r.StrArray("purposes");
  c.recipients = r.StrArray("recipients");
  c.withdrawn = r.Bool("withdrawn");
  if (!r.ok()) return r.status();
  return c;
}

atensi::Result<atensi::TransferRequest> TransferRequestFromJson(const json& j) {
  JsonReader r(j, "request");
  atensi::TransferRequest q;
  q.id = r.Str("id");
  q.case_id = r.Str("case_id");
  q.from_agency = r.Str("from_agency");
  q.to_agency = r.Str("to_agency");
  q.from_region = r.OptRegion("from_region");
  q.to_region = r.OptRegion("to_region");
  q.reason = r.Str("reason");
  if (!r.ok()) return r.status();
  return q;
}

// Checks the common arguments of the pure routing calls.
int RoutingPreamble(const char* fn, char** out, const char* out_name, const atensi_date* on,
                    atensi::Date* date) {
  if (out == nullptr) return Misuse(nullptr, fn, out_name, "is NULL");
  if (on == nullptr) return Misuse(nullptr, fn, "on", "is NULL");
  auto d = atensi::capi::ToDate(*on, "on");
  if (!d.ok()) return Fail(nullptr, d.status());
  *date = *d;
  const RoutingData& data = Data();
  if (!data.status.ok()) return Fail(nullptr, data.status);
  return ATENSI_OK;
}

}  // namespace

extern "C" {

int atensi_route(char** out_decision_json, const char* facts_json, const atensi_date* on) {
  const char* const fn = __func__;
  if (out_decision_json != nullptr) *out_decision_json = nullptr;
  return Guard([&](Handle*&) -> int {
    atensi::Date date;
    if (int rc = RoutingPreamble(fn, out_decision_json, "out_decision_json", on, &date);
        rc != ATENSI_OK) {
      return rc;
    }
    if (facts_json == nullptr) return Misuse(nullptr, fn, "facts_json", "is NULL");
    int rc;
    auto j = ParseArg(facts_json, "facts_json", &rc);
    if (!j) return rc;
    auto facts = FactsFromJson(*j);
    if (!facts.ok()) return Fail(nullptr, facts.status());
    auto d = atensi::Route(*facts, *Data().rules, *Data().registry, date);
    if (!d.ok()) return Fail(nullptr, d.status());
    return Emit(out_decision_json, atensi::ToJson(*d));
  });
}

int atensi_route_explain(char** out_explanation_json, const char* facts_json,
                         const atensi_date* on) {
  const char* const fn = __func__;
  if (out_explanation_json != nullptr) *out_explanation_json = nullptr;
  return Guard([&](Handle*&) -> int {
    atensi::Date date;
    if (int rc = RoutingPreamble(fn, out_explanation_json, "out_explanation_json", on, &date);
        rc != ATENSI_OK) {
      return rc;
    }
    if (facts_json == nullptr) return Misuse(nullptr, fn, "facts_json", "is NULL");
    int rc;
    auto j = ParseArg(facts_json, "facts_json", &rc);
    if (!j) return rc;
    auto facts = FactsFromJson(*j);
    if (!facts.ok()) return Fail(nullptr, facts.status());
    atensi::RoutingExplanation e = atensi::Explain(*facts, *Data().rules, *Data().registry, date);
    return Emit(out_explanation_json, atensi::ToJson(e));
  });
}

int atensi_jurisdiction_resolve(char** out_answer_json, const char* need_json, const char* domicile,
                                const atensi_date* on) {
  const char* const fn = __func__;
  if (out_answer_json != nullptr) *out_answer_json = nullptr;
  return Guard([&](Handle*&) -> int {
    atensi::Date date;
    if (int rc = RoutingPreamble(fn, out_answer_json, "out_answer_json", on, &date);
        rc != ATENSI_OK) {
      return rc;
    }
    if (need_json == nullptr) return Misuse(nullptr, fn, "need_json", "is NULL");
    if (domicile == nullptr) return Misuse(nullptr, fn, "domicile", "is NULL");
    int rc;
    auto j = ParseArg(need_json, "need_json", &rc);
    if (!j) return rc;
    auto need = NeedFromJson(*j);
    if (!need.ok()) return Fail(nullptr, need.status());
    auto code = atensi::RegionCode::Parse(domicile, "domicile");
    if (!code.ok()) return Fail(nullptr, code.status());
    auto answer = atensi::Resolve(*need, *code, *Data().registry, date);
    if (!answer.ok()) return Fail(nullptr, answer.status());
    return Emit(out_answer_json, atensi::ToJson(*answer));
  });
}

int atensi_referral_create(char** out_referral_json, const char* request_json,
                           const char* consent_json, const atensi_actor* actor, int64_t now_ms,
                           int submit) {
  const char* const fn = __func__;
  if (out_referral_json != nullptr) *out_referral_json = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out_referral_json == nullptr) return Misuse(nullptr, fn, "out_referral_json", "is NULL");
    if (request_json == nullptr) return Misuse(nullptr, fn, "request_json", "is NULL");
    if (consent_json == nullptr) return Misuse(nullptr, fn, "consent_json", "is NULL");
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(nullptr, fn, actor, &a); rc != ATENSI_OK) return rc;
    int rc;
    auto rj = ParseArg(request_json, "request_json", &rc);
    if (!rj) return rc;
    auto cj = ParseArg(consent_json, "consent_json", &rc);
    if (!cj) return rc;
    auto request = ReferralRequestFromJson(*rj);
    if (!request.ok()) return Fail(nullptr, request.status());
    auto consent = ConsentFromJson(*cj);
    if (!consent.ok()) return Fail(nullptr, consent.status());
    auto referral = atensi::NewReferral(*request, *consent, a, atensi::Instant::FromMillis(now_ms),
                                        submit != 0);
    if (!referral.ok()) return Fail(nullptr, referral.status());
    return Emit(out_referral_json, atensi::ToJson(*referral));
  });
}

int atensi_referral_apply(char** out_referral_json, const char* referral_json,
                          const char* event_json, const atensi_actor* actor, int64_t now_ms) {
  const char* const fn = __func__;
  if (out_referral_json != nullptr) *out_referral_json = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out_referral_json == nullptr) return Misuse(nullptr, fn, "out_referral_json", "is NULL");
    if (referral_json == nullptr) return Misuse(nullptr, fn, "referral_json", "is NULL");
    if (event_json == nullptr) return Misuse(nullptr, fn, "event_json", "is NULL");
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(nullptr, fn, actor, &a); rc != ATENSI_OK) return rc;
    int rc;
    auto rj = ParseArg(referral_json, "referral_json", &rc);
    if (!rj) return rc;
    auto ej = ParseArg(event_json, "event_json", &rc);
    if (!ej) return rc;
    auto referral = atensi::ReferralFromJson(*rj);
    if (!referral.ok()) return Fail(nullptr, referral.status());
    auto event = atensi::capi::ReferralEventFromJson(*ej);
    if (!event.ok()) return Fail(nullptr, event.status());
    auto next =
        atensi::ApplyReferralEvent(*referral, *event, a, atensi::Instant::FromMillis(now_ms));
    if (!next.ok()) return Fail(nullptr, next.status());
    return Emit(out_referral_json, atensi::ToJson(*next));
  });
}

int atensi_referral_next_candidate(char** out_involvement_json, const char* decision_json,
                                   const char* referrals_json) {
  const char* const fn = __func__;
  if (out_involvement_json != nullptr) *out_involvement_json = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out_involvement_json == nullptr) {
      return Misuse(nullptr, fn, "out_involvement_json", "is NULL");
    }
    if (decision_json == nullptr) return Misuse(nullptr, fn, "decision_json", "is NULL");
    if (referrals_json == nullptr) return Misuse(nullptr, fn, "referrals_json", "is NULL");
    int rc;
    auto dj = ParseArg(decision_json, "decision_json", &rc);
    if (!dj) return rc;
    auto rj = ParseArg(referrals_json, "referrals_json", &rc);
    if (!rj) return rc;
    auto decision = atensi::RoutingDecisionFromJson(*dj);
    if (!decision.ok()) return Fail(nullptr, decision.status());
    if (!rj->is_array()) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "capi.json", "referrals_json",
                  "referrals_json must be a JSON array of referrals.");
    }
    std::vector<atensi::Referral> referrals;
    for (const json& item : *rj) {
      auto r = atensi::ReferralFromJson(item);
      if (!r.ok()) return Fail(nullptr, r.status());
      referrals.push_back(std::move(r).value());
    }
    std::optional<atensi::Involvement> next = atensi::NextCandidate(*decision, referrals);
    if (!next.has_value()) {
      return Fail(nullptr, ATENSI_NOT_FOUND, "referral.no_candidate", "decision_json",
                  "Every lead candidate of the routing decision already had a lead referral.");
    }
    return Emit(out_involvement_json, atensi::ToJson(*next));
  });
}

int atensi_transfer_open(char** out_transfer_json, const char* request_json, const char* direction,
                         const char* current_owner, const atensi_actor* actor, int64_t now_ms) {
  const char* const fn = __func__;
  if (out_transfer_json != nullptr) *out_transfer_json = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out_transfer_json == nullptr) return Misuse(nullptr, fn, "out_transfer_json", "is NULL");
    if (request_json == nullptr) return Misuse(nullptr, fn, "request_json", "is NULL");
    if (direction == nullptr) return Misuse(nullptr, fn, "direction", "is NULL");
    if (current_owner == nullptr) return Misuse(nullptr, fn, "current_owner", "is NULL");
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(nullptr, fn, actor, &a); rc != ATENSI_OK) return rc;
    std::optional<atensi::TransferDirection> dir = atensi::ParseTransferDirection(direction);
    if (!dir.has_value()) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "transfer.field", "direction",
                  "direction must be \"push\" or \"pull\".");
    }
    int rc;
    auto rj = ParseArg(request_json, "request_json", &rc);
    if (!rj) return rc;
    auto request = TransferRequestFromJson(*rj);
    if (!request.ok()) return Fail(nullptr, request.status());
    auto t =
        atensi::OpenTransfer(*request, *dir, current_owner, a, atensi::Instant::FromMillis(now_ms));
    if (!t.ok()) return Fail(nullptr, t.status());
    return Emit(out_transfer_json, atensi::ToJson(*t));
  });
}

int atensi_transfer_apply(char** out_transfer_json, const char* transfer_json, const char* event,
                          const char* reason, const atensi_actor* actor, int64_t now_ms) {
  const char* const fn = __func__;
  if (out_transfer_json != nullptr) *out_transfer_json = nullptr;
  return Guard([&](Handle*&) -> int {
    if (out_transfer_json == nullptr) return Misuse(nullptr, fn, "out_transfer_json", "is NULL");
    if (transfer_json == nullptr) return Misuse(nullptr, fn, "transfer_json", "is NULL");
    if (event == nullptr) return Misuse(nullptr, fn, "event", "is NULL");
    atensi::Actor a;
    if (int rc = atensi::capi::ReadActor(nullptr, fn, actor, &a); rc != ATENSI_OK) return rc;
    std::optional<atensi::TransferEventKind> kind = atensi::ParseTransferEventKind(event);
    if (!kind.has_value()) {
      return Fail(nullptr, ATENSI_INVALID_ARGUMENT, "transfer.field", "event",
                  "event must be \"accept\", \"decline\" or \"cancel\".");
    }
    int rc;
    auto tj = ParseArg(transfer_json, "transfer_json", &rc);
    if (!tj) return rc;
    auto transfer = atensi::TransferFromJson(*tj);
    if (!transfer.ok()) return Fail(nullptr, transfer.status());
    auto next = atensi::ApplyTransferEvent(*transfer, *kind, reason != nullptr ? reason : "", a,
                                           atensi::Instant::FromMillis(now_ms));
    if (!next.ok()) return Fail(nullptr, next.status());
    return Emit(out_transfer_json, atensi::ToJson(*next));
  });
}

int atensi_transfer_assess_move(char** out_json, const char* from_region, const char* to_region,
                                const atensi_date* on) {
  const char* const fn = __func__;
  if (out_json != nullptr) *out_json = nullptr;
  return Guard([&](Handle*&) -> int {
    atensi::Date date;
    if (int rc = RoutingPreamble(fn, out_json, "out_json", on, &date); rc != ATENSI_OK) {
      return rc;
    }
    if (from_region == nullptr) return Misuse(nullptr, fn, "from_region", "is NULL");
    if (to_region == nullptr) return Misuse(nullptr, fn, "to_region", "is NULL");
    auto from = atensi::RegionCode::Parse(from_region, "from_region");
    if (!from.ok()) return Fail(nullptr, from.status());
    auto to = atensi::RegionCode::Parse(to_region, "to_region");
    if (!to.ok()) return Fail(nullptr, to.status());
    auto move = atensi::AssessMove(*from, *to, *Data().registry, date);
    if (!move.ok()) return Fail(nullptr, move.status());
    return Emit(out_json, atensi::ToJson(*move));
  });
}

}  // extern "C"
