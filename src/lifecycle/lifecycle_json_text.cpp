// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Direct JSON text writers for Child and Case (lifecycle_json_text.h). Every
// object's keys are written in the order nlohmann::json's std::map keeps
// them (byte-wise ascending), so the text equals ToJson(x).dump() without
// building, dumping and destroying the DOM. The key order and every value
// form mirror lifecycle_json.cpp; the byte-equality test guards both.

#include "atensi/lifecycle/lifecycle_json_text.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "atensi/json_text.h"

namespace atensi {
namespace {

using Obj = JsonObjectText;

void AppendString(std::string& out, const std::string& s) { AppendJsonString(out, s); }

template <typename E>
void AppendName(std::string& out, E e) {
  AppendJsonString(out, Name(e));
}

// ---- Child (keys sorted as lifecycle_json.cpp's DOM keeps them) ----------

void GuardianText(std::string& out, const Guardian& g) {
  Obj o(out);
  o.Str("id", g.id);
  o.Str("name", g.name);
  o.OptStr("nik", g.nik);
  o.Str("role", Name(g.role));
}

void DtsenText(std::string& out, const DtsenRecord& d) {
  Obj o(out);
  o.DateV("as_of", d.as_of);
  o.Int("decile", d.decile);
  o.Str("id", d.id);
}

void FamilyLinkText(std::string& out, const FamilyLink& f) {
  Obj o(out);
  o.OptObject("dtsen", f.dtsen, DtsenText);
  o.Str("kk_number", f.kk_number);
  o.OptStr("pkh_participant_id", f.pkh_participant_id);
  o.DateV("valid_from", f.valid_from);
  o.OptDate("valid_to", f.valid_to);
}

// ---- Case records ----------------------------------------------------------

void ConsentText(std::string& out, const ConsentRecord& c) {
  Obj o(out);
  o.Str("document_ref", c.document_ref);
  o.Str("form", Name(c.form));
  o.InstantV("given_at", c.given_at);
  o.Str("guardian_id", c.guardian_id);
  o.Str("id", c.id);
  o.Array("purposes", c.purposes, AppendName<ConsentPurpose>);
  o.Str("recorded_by", c.recorded_by);
  o.OptInstant("withdrawn_at", c.withdrawn_at);
}

void LegalBasisText(std::string& out, const LegalBasis& b) {
  Obj o(out);
  o.Str("id", b.id);
  o.DateV("issued_on", b.issued_on);
  o.Str("kind", Name(b.kind));
  o.InstantV("recorded_at", b.recorded_at);
  o.Str("recorded_by", b.recorded_by);
  o.Str("reference", b.reference);
  o.OptDate("valid_until", b.valid_until);
}

void PlanItemText(std::string& out, const PlanItem& i) {
  Obj o(out);
  if (i.base) {
    o.Str("base", Name(*i.base));
  } else {
    o.Null("base");
  }
  if (i.component) {
    o.Str("component", Name(*i.component));
  } else {
    o.Null("component");
  }
  o.Str("description", i.description);
  o.Str("id", i.id);
  o.Str("provider_agency_id", i.provider_agency_id);
}

void PlanText(std::string& out, const Plan& pl) {
  Obj o(out);
  o.OptInstant("approved_at", pl.approved_at);
  o.Str("approved_by", pl.approved_by);
  o.Str("author_id", pl.author_id);
  o.Str("id", pl.id);
  o.Array("items", pl.items, PlanItemText);
  o.InstantV("proposed_at", pl.proposed_at);
  o.Int("revision", pl.revision);
  o.Str("status", Name(pl.status));
}

void ServiceText(std::string& out, const ServiceRecord& s) {
  Obj o(out);
  o.InstantV("delivered_at", s.delivered_at);
  o.Str("id", s.id);
  o.Str("note", s.note);
  o.Str("plan_item_id", s.plan_item_id);
  o.Str("recorded_by", s.recorded_by);
}

void ConferenceText(std::string& out, const CaseConference& c) {
  Obj o(out);
  o.Str("decision", Name(c.decision));
  o.InstantV("held_at", c.held_at);
  o.Str("id", c.id);
  o.Array("participant_agency_ids", c.participant_agency_ids, AppendString);
  o.Str("recorded_by", c.recorded_by);
  o.Str("summary", c.summary);
}

void PlacementText(std::string& out, const ResidentialPlacement& r) {
  Obj o(out);
  o.Str("case_conference_id", r.case_conference_id);
  o.OptDate("ended_on", r.ended_on);
  o.Str("facility_agency_id", r.facility_agency_id);
  o.Str("id", r.id);
  o.Str("justification", r.justification);
  o.DateV("planned_end_date", r.planned_end_date);
  o.DateV("start_date", r.start_date);
}

void IndicatorText(std::string& out, const OutcomeIndicator& i) {
  Obj o(out);
  o.Bool("achieved", i.achieved);
  o.Str("baseline", i.baseline);
  o.Str("name", i.name);
  o.Str("result", i.result);
}

void EvaluationText(std::string& out, const Evaluation& e) {
  Obj o(out);
  o.InstantV("evaluated_at", e.evaluated_at);
  o.Str("evaluator_id", e.evaluator_id);
  o.Str("id", e.id);
  o.Array("indicators", e.indicators, IndicatorText);
  o.Str("summary", e.summary);
}

void FollowupText(std::string& out, const Followup& f) {
  Obj o(out);
  o.InstantV("at", f.at);
  o.Str("id", f.id);
  o.Str("note", f.note);
  o.Str("recorded_by", f.recorded_by);
}

void DecisionText(std::string& out, const Decision& d) {
  Obj o(out);
  o.Str("issued_by", d.issued_by);
  o.DateV("issued_on", d.issued_on);
  o.Str("number", d.number);
  o.InstantV("recorded_at", d.recorded_at);
  o.Str("recorded_by", d.recorded_by);
}

void ReferralText(std::string& out, const ReferralOut& r) {
  Obj o(out);
  o.Str("from_stage", Name(r.from_stage));
  o.Str("note", r.note);
  o.Str("reason", Name(r.reason));
  o.InstantV("referred_at", r.referred_at);
  o.Str("referred_by", r.referred_by);
  o.Str("to_agency_id", r.to_agency_id);
}

void ClosureText(std::string& out, const Closure& c) {
  Obj o(out);
  o.InstantV("closed_at", c.closed_at);
  o.Str("closed_by", c.closed_by);
  o.Str("note", c.note);
  o.Str("reason", Name(c.reason));
}

void ReopeningText(std::string& out, const Reopening& r) {
  Obj o(out);
  o.InstantV("at", r.at);
  o.Str("by", r.by);
  o.Str("reason", r.reason);
}

void LinkText(std::string& out, const CaseLink& l) {
  Obj o(out);
  o.Str("case_id", l.case_id);
  o.Str("reason", l.reason);
}

}  // namespace

std::string ToJsonText(const Child& child) {
  std::string out;
  out.reserve(512);
  {
    Obj o(out);
    o.DateV("birth_date", child.birth_date);
    o.Str("domicile_region", child.domicile_region);
    o.Array("family_links", child.family_links, FamilyLinkText);
    o.Array("guardians", child.guardians, GuardianText);
    if (child.has_birth_certificate) {
      o.Bool("has_birth_certificate", *child.has_birth_certificate);
    } else {
      o.Null("has_birth_certificate");
    }
    o.Str("id", child.id);
    o.Str("name", child.name);
    o.OptStr("nik", child.nik);
    o.OptStr("roster_key", child.roster_key);
    o.Str("sex", Name(child.sex));
  }
  return out;
}

std::string ToJsonText(const Case& c) {
  std::string out;
  out.reserve(1536);
  {
    Obj o(out);
    o.OptInstant("aftercare_started_at", c.aftercare_started_at);
    o.OptInstant("assessment_completed_at", c.assessment_completed_at);
    o.OptInstant("assessment_started_at", c.assessment_started_at);
    o.Str("assessment_summary", c.assessment_summary);
    o.Str("assigned_worker_id", c.assigned_worker_id);
    o.OptObject("beneficiary_decision", c.beneficiary_decision, DecisionText);
    {
      std::string& a = o.Key("categories");
      a += '[';
      bool first = true;
      for (AmpkCategory cat : AllAmpkCategories()) {
        if (!c.categories.Has(cat)) continue;
        if (!first) a += ',';
        first = false;
        AppendJsonString(a, Name(cat));
      }
      a += ']';
    }
    o.Str("child_id", c.child_id);
    o.OptObject("closure", c.closure, ClosureText);
    o.Array("conferences", c.conferences, ConferenceText);
    o.Array("consents", c.consents, ConsentText);
    o.Array("evaluations", c.evaluations, EvaluationText);
    o.OptInstant("first_contact_at", c.first_contact_at);
    {
      std::string& a = o.Key("flags");
      a += '[';
      bool first = true;
      for (CaseFlag f : AllCaseFlags()) {
        if (!c.Has(f)) continue;
        if (!first) a += ',';
        first = false;
        AppendJsonString(a, FlagName(f));
      }
      a += ']';
    }
    o.Array("followups", c.followups, FollowupText);
    o.Str("id", c.id);
    o.OptInstant("intervention_started_at", c.intervention_started_at);
    o.Str("lead_agency_id", c.lead_agency_id);
    o.Array("legal_bases", c.legal_bases, LegalBasisText);
    o.OptObject("link", c.link, LinkText);
    o.InstantV("opened_at", c.opened_at);
    o.Array("placements", c.placements, PlacementText);
    o.OptObject("plan", c.plan, PlanText);
    o.Array("ppks_types", c.ppks_types, AppendName<ChildPpksType>);
    o.OptObject("referral", c.referral, ReferralText);
    o.OptInstant("reintegration_started_at", c.reintegration_started_at);
    o.Array("reopenings", c.reopenings, ReopeningText);
    o.Str("risk", Name(c.risk));
    o.Array("services", c.services, ServiceText);
    o.Str("source", Name(c.source));
    o.Str("stage", Name(c.stage));
    o.OptInstant("terminated_at", c.terminated_at);
    o.Int("version", c.version);
  }
  return out;
}

nlohmann::json DiffCases(const Case& before, const Case& after) {
  const std::string b_text = ToJsonText(before);
  const std::string a_text = ToJsonText(after);
  const auto b = JsonMembers(b_text);
  const auto a = JsonMembers(a_text);
  nlohmann::json changes = nlohmann::json::object();
  // Every Case document has the same keys in the same order.
  for (std::size_t i = 0; i < b.size() && i < a.size(); ++i) {
    if (b[i].second == a[i].second) continue;
    nlohmann::json entry = nlohmann::json::object();
    entry["before"] = nlohmann::json::parse(b[i].second);
    entry["after"] = nlohmann::json::parse(a[i].second);
    changes.emplace(std::string(b[i].first), std::move(entry));
  }
  return changes;
}

}  // namespace atensi
