// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "command_json.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atensi/lifecycle/action.h"
#include "atensi/lifecycle/case.h"
#include "json_input.h"

namespace atensi::capi {
namespace {

std::optional<cmd::AgeOutResolution> ParseAgeOutResolution(std::string_view s) noexcept {
  if (s == "terminate") return cmd::AgeOutResolution::kTerminate;
  if (s == "transfer_to_adult_services") return cmd::AgeOutResolution::kTransferToAdultServices;
  return std::nullopt;
}

std::vector<PlanItem> ReadPlanItems(JsonReader& r) {
  std::vector<PlanItem> items;
  const nlohmann::json* arr = r.Array("items");
  if (arr == nullptr) return items;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    JsonReader ir((*arr)[i], r.Path("items[" + std::to_string(i) + "]"));
    PlanItem item;
    item.id = ir.Str("id");
    item.component = ir.OptEnum<AtensiComponent>("component", ParseAtensiComponent);
    item.base = ir.OptEnum<ServiceBase>("base", ParseServiceBase);
    item.description = ir.Str("description");
    item.provider_agency_id = ir.Str("provider_agency_id");
    r.Merge(ir);
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<OutcomeIndicator> ReadIndicators(JsonReader& r) {
  std::vector<OutcomeIndicator> out;
  const nlohmann::json* arr = r.Array("indicators");
  if (arr == nullptr) return out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    JsonReader ir((*arr)[i], r.Path("indicators[" + std::to_string(i) + "]"));
    OutcomeIndicator o;
    o.name = ir.Str("name");
    o.baseline = ir.Str("baseline");
    o.result = ir.Str("result");
    o.achieved = ir.Bool("achieved");
    r.Merge(ir);
    out.push_back(std::move(o));
  }
  return out;
}

// Builds the command for `action` from the reader's fields.
Command Build(Action action, JsonReader& r) {
  switch (action) {
    case Action::kRecordContact:
      return cmd::RecordContact{r.Str("note")};
    case Action::kRecordConsent: {
      cmd::RecordConsent c;
      c.consent_id = r.Str("consent_id");
      c.guardian_id = r.Str("guardian_id");
      c.form = r.Enum<ConsentForm>("form", ParseConsentForm, ConsentForm::kWritten);
      c.purposes = r.EnumArray<ConsentPurpose>("purposes", ParseConsentPurpose);
      c.document_ref = r.Str("document_ref");
      return c;
    }
    case Action::kWithdrawConsent:
      return cmd::WithdrawConsent{r.Str("consent_id"), r.Str("reason")};
    case Action::kRecordLegalBasis: {
      cmd::RecordLegalBasis c;
      c.legal_basis_id = r.Str("legal_basis_id");
      c.kind = r.Enum<LegalBasisKind>("kind", ParseLegalBasisKind, LegalBasisKind::kCourtOrder);
      c.reference = r.Str("reference");
      c.issued_on = r.RequiredDate("issued_on");
      c.valid_until = r.OptDate("valid_until");
      return c;
    }
    case Action::kStartAssessment:
      return cmd::StartAssessment{};
    case Action::kCompleteAssessment:
      return cmd::CompleteAssessment{r.Str("summary")};
    case Action::kProposePlan: {
      cmd::ProposePlan c;
      c.plan_id = r.Str("plan_id");
      c.items = ReadPlanItems(r);
      return c;
    }
    case Action::kApprovePlan:
      return cmd::ApprovePlan{r.Str("plan_id")};
    case Action::kStartIntervention:
      return cmd::StartIntervention{};
    case Action::kRecordService:
      return cmd::RecordService{r.Str("service_id"), r.Str("plan_item_id"), r.Str("note")};
    case Action::kCaseConference: {
      cmd::RecordCaseConference c;
      c.conference_id = r.Str("conference_id");
      c.participant_agency_ids = r.StrArray("participant_agency_ids");
      c.decision = r.Enum<ConferenceDecision>("decision", ParseConferenceDecision,
                                              ConferenceDecision::kOther);
      c.summary = r.Str("summary");
      return c;
    }
    case Action::kPlaceResidential: {
      cmd::PlaceResidential c;
      c.placement_id = r.Str("placement_id");
      c.facility_agency_id = r.Str("facility_agency_id");
      c.case_conference_id = r.Str("case_conference_id");
      c.start_date = r.RequiredDate("start_date");
      c.planned_end_date = r.RequiredDate("planned_end_date");
      c.justification = r.Str("justification");
      return c;
    }
    case Action::kEndResidential:
      return cmd::EndResidential{r.RequiredDate("ended_on"), r.Str("note")};
    case Action::kStartReintegration:
      return cmd::StartReintegration{};
    case Action::kRecordEvaluation: {
      cmd::RecordEvaluation c;
      c.evaluation_id = r.Str("evaluation_id");
      c.indicators = ReadIndicators(r);
      c.summary = r.Str("summary");
      return c;
    }
    case Action::kTerminate:
      return cmd::Terminate{r.Str("reason")};
    case Action::kStartAftercare:
      return cmd::StartAftercare{};
    case Action::kRecordFollowup:
      return cmd::RecordFollowup{r.Str("followup_id"), r.Str("note")};
    case Action::kClose:
      return cmd::Close{r.OptEnum<ClosureReason>("reason", ParseClosureReason), r.Str("note")};
    case Action::kReopen:
      return cmd::Reopen{r.Str("reason")};
    case Action::kReferOut: {
      cmd::ReferOut c;
      c.to_agency_id = r.Str("to_agency_id");
      c.reason = r.Enum<ReferralReason>("reason", ParseReferralReason, ReferralReason::kOther);
      c.note = r.Str("note");
      return c;
    }
    case Action::kReturnFromReferral:
      return cmd::ReturnFromReferral{r.Str("note")};
    case Action::kSetRisk:
      return cmd::SetRisk{r.Enum<RiskLevel>("risk", ParseRiskLevel, RiskLevel::kLow),
                          r.Str("reason")};
    case Action::kAddCategory:
      return cmd::AddCategory{r.OptEnum<AmpkCategory>("ampk", ParseAmpkCategory),
                              r.OptEnum<ChildPpksType>("ppks", ParseChildPpksType)};
    case Action::kRemoveCategory:
      return cmd::RemoveCategory{r.OptEnum<AmpkCategory>("ampk", ParseAmpkCategory),
                                 r.OptEnum<ChildPpksType>("ppks", ParseChildPpksType)};
    case Action::kAssignWorker:
      return cmd::AssignWorker{r.Str("worker_id")};
    case Action::kSetLeadAgency:
      return cmd::SetLeadAgency{r.Str("agency_id"), r.Str("reason")};
    case Action::kRecordBeneficiaryDecision:
      return cmd::RecordBeneficiaryDecision{r.Str("number"), r.RequiredDate("issued_on"),
                                            r.Str("issued_by")};
    case Action::kLinkCase:
      return cmd::LinkCase{r.Str("case_id"), r.Str("reason")};
    case Action::kResolveAgeOut: {
      cmd::ResolveAgeOut c;
      c.resolution = r.Enum<cmd::AgeOutResolution>("resolution", ParseAgeOutResolution,
                                                   cmd::AgeOutResolution::kTerminate);
      c.to_agency_id = r.Str("to_agency_id");
      c.note = r.Str("note");
      return c;
    }
    case Action::kRefreshFlags:
      return cmd::RefreshFlags{};
  }
  r.Error("action", "is not a known action");
  return cmd::RefreshFlags{};
}

}  // namespace

Result<Command> CommandFromJson(const nlohmann::json& j) {
  JsonReader r(j, "command");
  std::string name = r.Str("action", /*required=*/true);
  if (!r.ok()) return r.status();
  std::optional<Action> action = ParseAction(name);
  if (!action.has_value()) {
    r.Error("action", "is not a known action name (e.g. \"start_assessment\")");
    return r.status();
  }
  Command c = Build(*action, r);
  if (!r.ok()) return r.status();
  return c;
}

Result<OpenCaseRequest> OpenCaseRequestFromJson(const nlohmann::json& j) {
  JsonReader r(j, "request");
  OpenCaseRequest req;
  req.case_id = r.Str("case_id");
  req.source = r.Enum<CaseSource>("source", ParseCaseSource, CaseSource::kSelfReport);
  req.categories = r.Categories("categories");
  req.ppks_types = r.EnumArray<ChildPpksType>("ppks_types", ParseChildPpksType);
  req.risk = r.Enum<RiskLevel>("risk", ParseRiskLevel, RiskLevel::kLow);
  req.lead_agency_id = r.Str("lead_agency_id");
  req.assigned_worker_id = r.Str("assigned_worker_id");
  if (const nlohmann::json* link = r.Object("link"); link != nullptr) {
    JsonReader lr(*link, "request.link");
    req.link = CaseLink{lr.Str("case_id"), lr.Str("reason")};
    r.Merge(lr);
  }
  if (!r.ok()) return r.status();
  return req;
}

}  // namespace atensi::capi
