// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON conversion of Child and Case (conventions in lifecycle_json.h).

#include "atensi/lifecycle/lifecycle_json.h"

#include "lifecycle/json_read.h"

namespace atensi {
namespace {

using lifecycle_internal::DateJson;
using lifecycle_internal::InstantJson;
using lifecycle_internal::JsonError;
using lifecycle_internal::OptDateJson;
using lifecycle_internal::OptInstantJson;
using lifecycle_internal::OptStringJson;
using lifecycle_internal::ReadArray;
using lifecycle_internal::ReadBool;
using lifecycle_internal::ReadDate;
using lifecycle_internal::ReadEnum;
using lifecycle_internal::ReadInstant;
using lifecycle_internal::ReadInt;
using lifecycle_internal::ReadInt64;
using lifecycle_internal::ReadObject;
using lifecycle_internal::ReadOptDate;
using lifecycle_internal::ReadOptEnum;
using lifecycle_internal::ReadOptInstant;
using lifecycle_internal::ReadOptObject;
using lifecycle_internal::ReadOptString;
using lifecycle_internal::ReadString;
using lifecycle_internal::ReadStringArray;
using nlohmann::json;

template <typename E>
json EnumArray(const std::vector<E>& v) {
  json a = json::array();
  for (E e : v) a.push_back(std::string(Name(e)));
  return a;
}

template <typename E, typename Parse>
Status ReadEnumArray(const json& obj, const char* key, const std::string& path, Parse parse,
                     std::vector<E>& out) {
  std::vector<std::string> names;
  ATENSI_RETURN_IF_ERROR(ReadStringArray(obj, key, path, names));
  out.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::optional<E> v = parse(names[i]);
    if (!v.has_value()) {
      return JsonError(path + key + "[" + std::to_string(i) + "]",
                       "unknown value for this enumeration");
    }
    out.push_back(*v);
  }
  return Status::Ok();
}

// ---- Child -----------------------------------------------------------------

json GuardianJson(const Guardian& g) {
  return json{
      {"id", g.id}, {"name", g.name}, {"role", Name(g.role)}, {"nik", OptStringJson(g.nik)}};
}

Status ReadGuardian(const json& j, const std::string& path, Guardian& g) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, g.id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "name", p, g.name));
  ATENSI_RETURN_IF_ERROR(ReadEnum<GuardianRole>(j, "role", p, ParseGuardianRole, g.role));
  return ReadOptString(j, "nik", p, g.nik);
}

json FamilyLinkJson(const FamilyLink& f) {
  json dtsen = nullptr;
  if (f.dtsen) {
    dtsen =
        json{{"id", f.dtsen->id}, {"decile", f.dtsen->decile}, {"as_of", DateJson(f.dtsen->as_of)}};
  }
  return json{{"kk_number", f.kk_number},
              {"valid_from", DateJson(f.valid_from)},
              {"valid_to", OptDateJson(f.valid_to)},
              {"pkh_participant_id", OptStringJson(f.pkh_participant_id)},
              {"dtsen", dtsen}};
}

Status ReadDtsen(const json& j, const std::string& path, DtsenRecord& d) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, d.id));
  ATENSI_RETURN_IF_ERROR(ReadInt(j, "decile", p, d.decile));
  return ReadDate(j, "as_of", p, d.as_of);
}

Status ReadFamilyLink(const json& j, const std::string& path, FamilyLink& f) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "kk_number", p, f.kk_number));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "valid_from", p, f.valid_from));
  ATENSI_RETURN_IF_ERROR(ReadOptDate(j, "valid_to", p, f.valid_to));
  ATENSI_RETURN_IF_ERROR(ReadOptString(j, "pkh_participant_id", p, f.pkh_participant_id));
  return ReadOptObject<DtsenRecord>(j, "dtsen", p, ReadDtsen, f.dtsen);
}

// ---- Case records ----------------------------------------------------------

json ConsentJson(const ConsentRecord& c) {
  return json{{"id", c.id},
              {"guardian_id", c.guardian_id},
              {"form", Name(c.form)},
              {"purposes", EnumArray(c.purposes)},
              {"given_at", InstantJson(c.given_at)},
              {"recorded_by", c.recorded_by},
              {"document_ref", c.document_ref},
              {"withdrawn_at", OptInstantJson(c.withdrawn_at)}};
}

Status ReadConsent(const json& j, const std::string& path, ConsentRecord& c) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, c.id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "guardian_id", p, c.guardian_id));
  ATENSI_RETURN_IF_ERROR(ReadEnum<ConsentForm>(j, "form", p, ParseConsentForm, c.form));
  ATENSI_RETURN_IF_ERROR(
      ReadEnumArray<ConsentPurpose>(j, "purposes", p, ParseConsentPurpose, c.purposes));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "given_at", p, c.given_at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "recorded_by", p, c.recorded_by));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "document_ref", p, c.document_ref));
  return ReadOptInstant(j, "withdrawn_at", p, c.withdrawn_at);
}

json LegalBasisJson(const LegalBasis& b) {
  return json{{"id", b.id},
              {"kind", Name(b.kind)},
              {"reference", b.reference},
              {"issued_on", DateJson(b.issued_on)},
              {"valid_until", OptDateJson(b.valid_until)},
              {"recorded_by", b.recorded_by},
              {"recorded_at", InstantJson(b.recorded_at)}};
}

Status ReadLegalBasis(const json& j, const std::string& path, LegalBasis& b) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, b.id));
  ATENSI_RETURN_IF_ERROR(ReadEnum<LegalBasisKind>(j, "kind", p, ParseLegalBasisKind, b.kind));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "reference", p, b.reference));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "issued_on", p, b.issued_on));
  ATENSI_RETURN_IF_ERROR(ReadOptDate(j, "valid_until", p, b.valid_until));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "recorded_by", p, b.recorded_by));
  return ReadInstant(j, "recorded_at", p, b.recorded_at);
}

json PlanItemJson(const PlanItem& i) {
  return json{{"id", i.id},
              {"component", i.component ? json(Name(*i.component)) : json(nullptr)},
              {"base", i.base ? json(Name(*i.base)) : json(nullptr)},
              {"description", i.description},
              {"provider_agency_id", i.provider_agency_id}};
}

Status ReadPlanItem(const json& j, const std::string& path, PlanItem& i) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, i.id));
  ATENSI_RETURN_IF_ERROR(
      ReadOptEnum<AtensiComponent>(j, "component", p, ParseAtensiComponent, i.component));
  ATENSI_RETURN_IF_ERROR(ReadOptEnum<ServiceBase>(j, "base", p, ParseServiceBase, i.base));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "description", p, i.description));
  return ReadString(j, "provider_agency_id", p, i.provider_agency_id);
}

json PlanJson(const Plan& pl) {
  json items = json::array();
  for (const PlanItem& i : pl.items) items.push_back(PlanItemJson(i));
  return json{{"id", pl.id},
              {"revision", pl.revision},
              {"items", items},
              {"author_id", pl.author_id},
              {"proposed_at", InstantJson(pl.proposed_at)},
              {"status", Name(pl.status)},
              {"approved_by", pl.approved_by},
              {"approved_at", OptInstantJson(pl.approved_at)}};
}

Status ReadPlan(const json& j, const std::string& path, Plan& pl) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, pl.id));
  ATENSI_RETURN_IF_ERROR(ReadInt(j, "revision", p, pl.revision));
  ATENSI_RETURN_IF_ERROR(ReadArray<PlanItem>(j, "items", p, ReadPlanItem, pl.items));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "author_id", p, pl.author_id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "proposed_at", p, pl.proposed_at));
  ATENSI_RETURN_IF_ERROR(ReadEnum<PlanStatus>(j, "status", p, ParsePlanStatus, pl.status));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "approved_by", p, pl.approved_by));
  return ReadOptInstant(j, "approved_at", p, pl.approved_at);
}

json ServiceJson(const ServiceRecord& s) {
  return json{{"id", s.id},
              {"plan_item_id", s.plan_item_id},
              {"delivered_at", InstantJson(s.delivered_at)},
              {"recorded_by", s.recorded_by},
              {"note", s.note}};
}

Status ReadService(const json& j, const std::string& path, ServiceRecord& s) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, s.id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "plan_item_id", p, s.plan_item_id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "delivered_at", p, s.delivered_at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "recorded_by", p, s.recorded_by));
  return ReadString(j, "note", p, s.note);
}

json ConferenceJson(const CaseConference& c) {
  return json{{"id", c.id},
              {"held_at", InstantJson(c.held_at)},
              {"participant_agency_ids", c.participant_agency_ids},
              {"decision", Name(c.decision)},
              {"summary", c.summary},
              {"recorded_by", c.recorded_by}};
}

Status ReadConference(const json& j, const std::string& path, CaseConference& c) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, c.id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "held_at", p, c.held_at));
  ATENSI_RETURN_IF_ERROR(ReadStringArray(j, "participant_agency_ids", p, c.participant_agency_ids));
  ATENSI_RETURN_IF_ERROR(
      ReadEnum<ConferenceDecision>(j, "decision", p, ParseConferenceDecision, c.decision));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "summary", p, c.summary));
  return ReadString(j, "recorded_by", p, c.recorded_by);
}

json PlacementJson(const ResidentialPlacement& r) {
  return json{{"id", r.id},
              {"facility_agency_id", r.facility_agency_id},
              {"case_conference_id", r.case_conference_id},
              {"start_date", DateJson(r.start_date)},
              {"planned_end_date", DateJson(r.planned_end_date)},
              {"justification", r.justification},
              {"ended_on", OptDateJson(r.ended_on)}};
}

Status ReadPlacement(const json& j, const std::string& path, ResidentialPlacement& r) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, r.id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "facility_agency_id", p, r.facility_agency_id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "case_conference_id", p, r.case_conference_id));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "start_date", p, r.start_date));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "planned_end_date", p, r.planned_end_date));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "justification", p, r.justification));
  return ReadOptDate(j, "ended_on", p, r.ended_on);
}

json IndicatorJson(const OutcomeIndicator& i) {
  return json{
      {"name", i.name}, {"baseline", i.baseline}, {"result", i.result}, {"achieved", i.achieved}};
}

Status ReadIndicator(const json& j, const std::string& path, OutcomeIndicator& i) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "name", p, i.name));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "baseline", p, i.baseline));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "result", p, i.result));
  return ReadBool(j, "achieved", p, i.achieved);
}

json EvaluationJson(const Evaluation& e) {
  json ind = json::array();
  for (const OutcomeIndicator& i : e.indicators) ind.push_back(IndicatorJson(i));
  return json{{"id", e.id},
              {"evaluated_at", InstantJson(e.evaluated_at)},
              {"evaluator_id", e.evaluator_id},
              {"indicators", ind},
              {"summary", e.summary}};
}

Status ReadEvaluation(const json& j, const std::string& path, Evaluation& e) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, e.id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "evaluated_at", p, e.evaluated_at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "evaluator_id", p, e.evaluator_id));
  ATENSI_RETURN_IF_ERROR(
      ReadArray<OutcomeIndicator>(j, "indicators", p, ReadIndicator, e.indicators));
  return ReadString(j, "summary", p, e.summary);
}

json FollowupJson(const Followup& f) {
  return json{
      {"id", f.id}, {"at", InstantJson(f.at)}, {"recorded_by", f.recorded_by}, {"note", f.note}};
}

Status ReadFollowup(const json& j, const std::string& path, Followup& f) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, f.id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "at", p, f.at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "recorded_by", p, f.recorded_by));
  return ReadString(j, "note", p, f.note);
}

json DecisionJson(const Decision& d) {
  return json{{"number", d.number},
              {"issued_on", DateJson(d.issued_on)},
              {"issued_by", d.issued_by},
              {"recorded_by", d.recorded_by},
              {"recorded_at", InstantJson(d.recorded_at)}};
}

Status ReadDecision(const json& j, const std::string& path, Decision& d) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "number", p, d.number));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "issued_on", p, d.issued_on));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "issued_by", p, d.issued_by));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "recorded_by", p, d.recorded_by));
  return ReadInstant(j, "recorded_at", p, d.recorded_at);
}

json ReferralJson(const ReferralOut& r) {
  return json{{"to_agency_id", r.to_agency_id},
              {"reason", Name(r.reason)},
              {"note", r.note},
              {"from_stage", Name(r.from_stage)},
              {"referred_at", InstantJson(r.referred_at)},
              {"referred_by", r.referred_by}};
}

Status ReadReferral(const json& j, const std::string& path, ReferralOut& r) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "to_agency_id", p, r.to_agency_id));
  ATENSI_RETURN_IF_ERROR(ReadEnum<ReferralReason>(j, "reason", p, ParseReferralReason, r.reason));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "note", p, r.note));
  ATENSI_RETURN_IF_ERROR(ReadEnum<Stage>(j, "from_stage", p, ParseStage, r.from_stage));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "referred_at", p, r.referred_at));
  return ReadString(j, "referred_by", p, r.referred_by);
}

json ClosureJson(const Closure& c) {
  return json{{"reason", Name(c.reason)},
              {"closed_at", InstantJson(c.closed_at)},
              {"closed_by", c.closed_by},
              {"note", c.note}};
}

Status ReadClosure(const json& j, const std::string& path, Closure& c) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadEnum<ClosureReason>(j, "reason", p, ParseClosureReason, c.reason));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "closed_at", p, c.closed_at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "closed_by", p, c.closed_by));
  return ReadString(j, "note", p, c.note);
}

json ReopeningJson(const Reopening& r) {
  return json{{"at", InstantJson(r.at)}, {"by", r.by}, {"reason", r.reason}};
}

Status ReadReopening(const json& j, const std::string& path, Reopening& r) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "at", p, r.at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "by", p, r.by));
  return ReadString(j, "reason", p, r.reason);
}

json LinkJson(const CaseLink& l) { return json{{"case_id", l.case_id}, {"reason", l.reason}}; }

Status ReadLink(const json& j, const std::string& path, CaseLink& l) {
  ATENSI_RETURN_IF_ERROR(ReadObject(j, path));
  const std::string p = path + ".";
  ATENSI_RETURN_IF_ERROR(ReadString(j, "case_id", p, l.case_id));
  return ReadString(j, "reason", p, l.reason);
}

template <typename T, typename F>
json ArrayOf(const std::vector<T>& v, F f) {
  json a = json::array();
  for (const T& x : v) a.push_back(f(x));
  return a;
}

}  // namespace

json ToJson(const Child& child) {
  return json{{"id", child.id},
              {"nik", OptStringJson(child.nik)},
              {"name", child.name},
              {"sex", Name(child.sex)},
              {"birth_date", DateJson(child.birth_date)},
              {"domicile_region", child.domicile_region},
              {"guardians", ArrayOf(child.guardians, GuardianJson)},
              {"family_links", ArrayOf(child.family_links, FamilyLinkJson)},
              {"has_birth_certificate",
               child.has_birth_certificate ? json(*child.has_birth_certificate) : json(nullptr)},
              {"roster_key", OptStringJson(child.roster_key)}};
}

Result<Child> ChildFromJson(const json& j) {
  Child c;
  ATENSI_RETURN_IF_ERROR(ReadObject(j, ""));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", "", c.id));
  ATENSI_RETURN_IF_ERROR(ReadOptString(j, "nik", "", c.nik));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "name", "", c.name));
  ATENSI_RETURN_IF_ERROR(ReadEnum<Sex>(j, "sex", "", ParseSex, c.sex));
  ATENSI_RETURN_IF_ERROR(ReadDate(j, "birth_date", "", c.birth_date));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "domicile_region", "", c.domicile_region));
  ATENSI_RETURN_IF_ERROR(ReadArray<Guardian>(j, "guardians", "", ReadGuardian, c.guardians));
  ATENSI_RETURN_IF_ERROR(
      ReadArray<FamilyLink>(j, "family_links", "", ReadFamilyLink, c.family_links));
  // Added after the first release: absent in older documents = unknown.
  if (j.contains("has_birth_certificate") && !j["has_birth_certificate"].is_null()) {
    bool has = false;
    ATENSI_RETURN_IF_ERROR(ReadBool(j, "has_birth_certificate", "", has));
    c.has_birth_certificate = has;
  }
  if (j.contains("roster_key")) {
    ATENSI_RETURN_IF_ERROR(ReadOptString(j, "roster_key", "", c.roster_key));
  }
  return c;
}

json ToJson(const Case& c) {
  json categories = json::array();
  for (AmpkCategory a : AllAmpkCategories()) {
    if (c.categories.Has(a)) categories.push_back(std::string(Name(a)));
  }
  json flags = json::array();
  for (CaseFlag f : AllCaseFlags()) {
    if (c.Has(f)) flags.push_back(std::string(FlagName(f)));
  }
  return json{
      {"id", c.id},
      {"child_id", c.child_id},
      {"opened_at", InstantJson(c.opened_at)},
      {"source", Name(c.source)},
      {"categories", categories},
      {"ppks_types", EnumArray(c.ppks_types)},
      {"risk", Name(c.risk)},
      {"lead_agency_id", c.lead_agency_id},
      {"assigned_worker_id", c.assigned_worker_id},
      {"stage", Name(c.stage)},
      {"flags", flags},
      {"version", c.version},
      {"first_contact_at", OptInstantJson(c.first_contact_at)},
      {"assessment_started_at", OptInstantJson(c.assessment_started_at)},
      {"assessment_completed_at", OptInstantJson(c.assessment_completed_at)},
      {"assessment_summary", c.assessment_summary},
      {"intervention_started_at", OptInstantJson(c.intervention_started_at)},
      {"reintegration_started_at", OptInstantJson(c.reintegration_started_at)},
      {"terminated_at", OptInstantJson(c.terminated_at)},
      {"aftercare_started_at", OptInstantJson(c.aftercare_started_at)},
      {"consents", ArrayOf(c.consents, ConsentJson)},
      {"legal_bases", ArrayOf(c.legal_bases, LegalBasisJson)},
      {"plan", c.plan ? PlanJson(*c.plan) : json(nullptr)},
      {"services", ArrayOf(c.services, ServiceJson)},
      {"conferences", ArrayOf(c.conferences, ConferenceJson)},
      {"placements", ArrayOf(c.placements, PlacementJson)},
      {"evaluations", ArrayOf(c.evaluations, EvaluationJson)},
      {"followups", ArrayOf(c.followups, FollowupJson)},
      {"beneficiary_decision",
       c.beneficiary_decision ? DecisionJson(*c.beneficiary_decision) : json(nullptr)},
      {"referral", c.referral ? ReferralJson(*c.referral) : json(nullptr)},
      {"closure", c.closure ? ClosureJson(*c.closure) : json(nullptr)},
      {"reopenings", ArrayOf(c.reopenings, ReopeningJson)},
      {"link", c.link ? LinkJson(*c.link) : json(nullptr)},
  };
}

Result<Case> CaseFromJson(const json& j) {
  Case c;
  ATENSI_RETURN_IF_ERROR(ReadObject(j, ""));
  const std::string p;
  ATENSI_RETURN_IF_ERROR(ReadString(j, "id", p, c.id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "child_id", p, c.child_id));
  ATENSI_RETURN_IF_ERROR(ReadInstant(j, "opened_at", p, c.opened_at));
  ATENSI_RETURN_IF_ERROR(ReadEnum<CaseSource>(j, "source", p, ParseCaseSource, c.source));
  std::vector<AmpkCategory> cats;
  ATENSI_RETURN_IF_ERROR(ReadEnumArray<AmpkCategory>(j, "categories", p, ParseAmpkCategory, cats));
  for (AmpkCategory a : cats) c.categories.Add(a);
  ATENSI_RETURN_IF_ERROR(
      ReadEnumArray<ChildPpksType>(j, "ppks_types", p, ParseChildPpksType, c.ppks_types));
  ATENSI_RETURN_IF_ERROR(ReadEnum<RiskLevel>(j, "risk", p, ParseRiskLevel, c.risk));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "lead_agency_id", p, c.lead_agency_id));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "assigned_worker_id", p, c.assigned_worker_id));
  ATENSI_RETURN_IF_ERROR(ReadEnum<Stage>(j, "stage", p, ParseStage, c.stage));
  std::vector<CaseFlag> flags;
  ATENSI_RETURN_IF_ERROR(ReadEnumArray<CaseFlag>(j, "flags", p, ParseCaseFlag, flags));
  for (CaseFlag f : flags) c.flags |= f;
  ATENSI_RETURN_IF_ERROR(ReadInt64(j, "version", p, c.version));
  ATENSI_RETURN_IF_ERROR(ReadOptInstant(j, "first_contact_at", p, c.first_contact_at));
  ATENSI_RETURN_IF_ERROR(ReadOptInstant(j, "assessment_started_at", p, c.assessment_started_at));
  ATENSI_RETURN_IF_ERROR(
      ReadOptInstant(j, "assessment_completed_at", p, c.assessment_completed_at));
  ATENSI_RETURN_IF_ERROR(ReadString(j, "assessment_summary", p, c.assessment_summary));
  ATENSI_RETURN_IF_ERROR(
      ReadOptInstant(j, "intervention_started_at", p, c.intervention_started_at));
  ATENSI_RETURN_IF_ERROR(
      ReadOptInstant(j, "reintegration_started_at", p, c.reintegration_started_at));
  ATENSI_RETURN_IF_ERROR(ReadOptInstant(j, "terminated_at", p, c.terminated_at));
  ATENSI_RETURN_IF_ERROR(ReadOptInstant(j, "aftercare_started_at", p, c.aftercare_started_at));
  ATENSI_RETURN_IF_ERROR(ReadArray<ConsentRecord>(j, "consents", p, ReadConsent, c.consents));
  ATENSI_RETURN_IF_ERROR(ReadArray<LegalBasis>(j, "legal_bases", p, ReadLegalBasis, c.legal_bases));
  ATENSI_RETURN_IF_ERROR(ReadOptObject<Plan>(j, "plan", p, ReadPlan, c.plan));
  ATENSI_RETURN_IF_ERROR(ReadArray<ServiceRecord>(j, "services", p, ReadService, c.services));
  ATENSI_RETURN_IF_ERROR(
      ReadArray<CaseConference>(j, "conferences", p, ReadConference, c.conferences));
  ATENSI_RETURN_IF_ERROR(
      ReadArray<ResidentialPlacement>(j, "placements", p, ReadPlacement, c.placements));
  ATENSI_RETURN_IF_ERROR(ReadArray<Evaluation>(j, "evaluations", p, ReadEvaluation, c.evaluations));
  ATENSI_RETURN_IF_ERROR(ReadArray<Followup>(j, "followups", p, ReadFollowup, c.followups));
  ATENSI_RETURN_IF_ERROR(
      ReadOptObject<Decision>(j, "beneficiary_decision", p, ReadDecision, c.beneficiary_decision));
  ATENSI_RETURN_IF_ERROR(ReadOptObject<ReferralOut>(j, "referral", p, ReadReferral, c.referral));
  ATENSI_RETURN_IF_ERROR(ReadOptObject<Closure>(j, "closure", p, ReadClosure, c.closure));
  ATENSI_RETURN_IF_ERROR(ReadArray<Reopening>(j, "reopenings", p, ReadReopening, c.reopenings));
  ATENSI_RETURN_IF_ERROR(ReadOptObject<CaseLink>(j, "link", p, ReadLink, c.link));
  return c;
}

json NewRecordChanges(json after) {
  json changes = json::object();
  if (!after.is_object()) return changes;
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (it.value().is_null()) continue;
    json entry = json::object();
    entry["before"] = nullptr;
    entry["after"] = std::move(it.value());
    changes.emplace(it.key(), std::move(entry));
  }
  return changes;
}

}  // namespace atensi
