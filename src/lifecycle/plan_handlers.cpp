// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Planning, intervention, case conference and residential placement.
//
// Regulation and policy encoded:
//   - Permensos 7/2021 art 1 as amended by Permensos 7/2022 (same text in
//     Permensos 15/2025 art 1(4)): ATENSI is delivered through 7 components on
//     a family, community and/or residential base. Each plan item carries
//     exactly one component and one base (atensi.md §13 rules 8-9).
//   - Intervention (pemecahan masalah, PP 39/2012 art 7(2)d) follows an
//     approved plan. Approval by a supervisor who is not the author, unless
//     the actor holds kRightSelfApprove (Primero R2-3351: "Users cannot approve
//     their own cases by default", peers.md §4).
//   - Permensos 15/2025 art 1(7): a Penerima Manfaat is "ditetapkan dalam
//     keputusan". Delivering a bantuan/asistensi sosial item (component 6)
//     makes the child a recipient of assistance, so it needs that decision
//     (derived rule).
//   - Residential placement needs a case-conference decision (DIY Balai RSPA
//     practice [S47], atensi.md §4.3) and a planned end date within
//     LifecyclePolicy::residential_max_months (default 6: Dirjen Rehsos 2019
//     statement [S44], policy not law). Residential care is a last resort
//     [S42]: a justification is required (atensi.md §13 rule 17).

#include <set>

#include "lifecycle/handlers.h"
#include "lifecycle/text_rules.h"

namespace atensi::lifecycle_internal {
namespace {

bool PlanApprovedSinceAssessment(const Case& c) {
  if (!c.plan.has_value() || c.plan->status != PlanStatus::kApproved ||
      !c.plan->approved_at.has_value()) {
    return false;
  }
  return !c.assessment_completed_at.has_value() ||
         *c.plan->approved_at >= *c.assessment_completed_at;
}

Status PlanNotApproved(std::string_view what) {
  return FailedPrecondition("lifecycle.plan_not_approved", "plan",
                            std::string(what) +
                                " needs an intervention plan approved by a supervisor after the "
                                "latest assessment (PP 39/2012 art 7(2)c-d; Permensos 7/2021 "
                                "prinsip sistematik)");
}

}  // namespace

// A revision may keep the current plan's id and item ids (services keep
// pointing at continuing items); any other id must be new.
Status CheckPlanId(const Ctx& ctx, std::string_view id, std::string_view field) {
  const std::optional<Plan>& cur = ctx.cur.plan;
  if (cur.has_value() && (id == cur->id || cur->FindItem(id) != nullptr)) {
    return CheckUuid(id, field);
  }
  return CheckNewId(ctx, id, field);
}

Status Apply(Ctx& ctx, const cmd::ProposePlan& c) {
  ATENSI_RETURN_IF_ERROR(CheckPlanId(ctx, c.plan_id, "plan_id"));
  if (c.items.empty()) {
    return InvalidArgument("lifecycle.plan_empty", "items",
                           "an intervention plan needs at least one item (Permensos 7/2021 "
                           "art 1: services are delivered through the ATENSI components)");
  }
  std::set<std::string> item_ids;
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const PlanItem& item = c.items[i];
    const std::string p = "items[" + std::to_string(i) + "]";
    ATENSI_RETURN_IF_ERROR(CheckPlanId(ctx, item.id, p + ".id"));
    if (!item_ids.insert(item.id).second || item.id == c.plan_id) {
      return InvalidArgument("lifecycle.duplicate_id", p + ".id", "plan item ids must be unique");
    }
    if (!item.component.has_value() || !IsKnown(*item.component, ParseAtensiComponent)) {
      return InvalidArgument("lifecycle.plan_item_component", p + ".component",
                             "every plan item carries exactly one of the 7 ATENSI components "
                             "(Permensos 7/2021 art 1 as amended by Permensos 7/2022)");
    }
    if (!item.base.has_value() || !IsKnown(*item.base, ParseServiceBase)) {
      return InvalidArgument("lifecycle.plan_item_base", p + ".base",
                             "every plan item carries one service base: keluarga, komunitas or "
                             "residensial (Permensos 7/2021 art 1 as amended by 7/2022)");
    }
    ATENSI_RETURN_IF_ERROR(CheckText(item.description, p + ".description", 1, kMaxTextBytes, true));
    ATENSI_RETURN_IF_ERROR(CheckOpaqueId(item.provider_agency_id, p + ".provider_agency_id", true));
  }
  Plan plan;
  plan.id = c.plan_id;
  plan.revision = ctx.cur.plan.has_value() ? ctx.cur.plan->revision + 1 : 1;
  plan.items = c.items;
  plan.author_id = ctx.actor.person_id;
  plan.proposed_at = ctx.now;
  plan.status = PlanStatus::kProposed;
  ctx.next.plan = std::move(plan);
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::ApprovePlan& c) {
  if (!ctx.next.plan.has_value() || ctx.next.plan->id != c.plan_id ||
      ctx.next.plan->status != PlanStatus::kProposed) {
    return FailedPrecondition("lifecycle.plan_not_proposed", "plan_id",
                              "only the current proposed plan can be approved");
  }
  if (ctx.actor.role != Role::kSupervisor && ctx.actor.role != Role::kCoordinator) {
    return PermissionDenied("lifecycle.approver_role", "actor.role",
                            "an intervention plan is approved by a supervisor or coordinator");
  }
  if (ctx.next.plan->author_id == ctx.actor.person_id && !ctx.actor.Has(kRightSelfApprove)) {
    return PermissionDenied("lifecycle.self_approval", "actor.person_id",
                            "the author of a plan may not approve it without an explicit "
                            "self-approval right (four-eyes rule)");
  }
  ctx.next.plan->status = PlanStatus::kApproved;
  ctx.next.plan->approved_by = ctx.actor.person_id;
  ctx.next.plan->approved_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::StartIntervention&) {
  if (!PlanApprovedSinceAssessment(ctx.next)) return PlanNotApproved("intervention");
  ctx.next.stage = Stage::kIntervention;
  ctx.next.intervention_started_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordService& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.service_id, "service_id"));
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  if (!PlanApprovedSinceAssessment(ctx.next)) return PlanNotApproved("a service delivery");
  const PlanItem* item = ctx.next.plan->FindItem(c.plan_item_id);
  if (item == nullptr) {
    return InvalidArgument("lifecycle.unknown_reference", "plan_item_id",
                           "a service must deliver an item of the approved plan");
  }
  if (item->component == AtensiComponent::kBantuanAsistensiSosial &&
      !ctx.next.beneficiary_decision.has_value()) {
    return FailedPrecondition("lifecycle.beneficiary_decision_required", "beneficiary_decision",
                              "social assistance goes to a Penerima Manfaat, who is \"ditetapkan "
                              "dalam keputusan\" (Permensos 15/2025 art 1(7)); record the "
                              "decision first");
  }
  ServiceRecord s;
  s.id = c.service_id;
  s.plan_item_id = c.plan_item_id;
  s.delivered_at = ctx.now;
  s.recorded_by = ctx.actor.person_id;
  s.note = c.note;
  ctx.next.services.push_back(std::move(s));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordCaseConference& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.conference_id, "conference_id"));
  if (c.participant_agency_ids.empty()) {
    return InvalidArgument("lifecycle.conference_participants", "participant_agency_ids",
                           "a case conference names the agencies that took part");
  }
  for (std::size_t i = 0; i < c.participant_agency_ids.size(); ++i) {
    ATENSI_RETURN_IF_ERROR(CheckOpaqueId(
        c.participant_agency_ids[i], "participant_agency_ids[" + std::to_string(i) + "]", false));
  }
  if (!IsKnown(c.decision, ParseConferenceDecision)) {
    return InvalidArgument("lifecycle.enum", "decision", "unknown case conference decision");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.summary, "summary", 0, kMaxTextBytes, true));
  CaseConference cc;
  cc.id = c.conference_id;
  cc.held_at = ctx.now;
  cc.participant_agency_ids = c.participant_agency_ids;
  cc.decision = c.decision;
  cc.summary = c.summary;
  cc.recorded_by = ctx.actor.person_id;
  ctx.next.conferences.push_back(std::move(cc));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::PlaceResidential& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.placement_id, "placement_id"));
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(c.facility_agency_id, "facility_agency_id", false));
  const CaseConference* conf = nullptr;
  for (const CaseConference& cc : ctx.next.conferences) {
    if (cc.id == c.case_conference_id) conf = &cc;
  }
  bool used = false;
  for (const ResidentialPlacement& r : ctx.next.placements) {
    if (r.case_conference_id == c.case_conference_id) used = true;
  }
  if (conf == nullptr || conf->decision != ConferenceDecision::kResidentialPlacement || used) {
    return FailedPrecondition("lifecycle.case_conference_required", "case_conference_id",
                              "a residential placement needs its own case-conference decision "
                              "for residential placement (atensi.md §4.3; DIY Balai RSPA "
                              "practice: seleksi melalui case conference)");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.justification, "justification", 1, kMaxTextBytes, true,
                                   "lifecycle.residential_justification"));
  if (c.start_date.is_special() ||
      c.start_date < DateAt(conf->held_at, ctx.policy.utc_offset_minutes)) {
    return InvalidArgument("lifecycle.date", "start_date",
                           "the placement starts on or after the case conference that decided it");
  }
  const Date limit = AddCalendarMonths(c.start_date, ctx.policy.residential_max_months);
  if (c.planned_end_date.is_special() || c.planned_end_date <= c.start_date ||
      c.planned_end_date > limit) {
    return FailedPrecondition(
        "lifecycle.residential_limit", "planned_end_date",
        "a residential placement needs a planned end date after its start and within " +
            std::to_string(ctx.policy.residential_max_months) +
            " months (configured limit; the 6-month default is a Dirjen Rehsos 2019 policy "
            "statement, not law)");
  }
  ResidentialPlacement r;
  r.id = c.placement_id;
  r.facility_agency_id = c.facility_agency_id;
  r.case_conference_id = c.case_conference_id;
  r.start_date = c.start_date;
  r.planned_end_date = c.planned_end_date;
  r.justification = c.justification;
  ctx.next.placements.push_back(std::move(r));
  ctx.next.flags |= kFlagResidential;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::EndResidential& c) {
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  if (ctx.next.placements.empty() || ctx.next.placements.back().ended_on.has_value()) {
    return FailedPrecondition("lifecycle.residential_missing", "placements",
                              "the case has no current residential placement");
  }
  ResidentialPlacement& r = ctx.next.placements.back();
  if (c.ended_on.is_special() || c.ended_on < r.start_date || c.ended_on > ctx.today) {
    return InvalidArgument("lifecycle.date", "ended_on",
                           "a placement ends on or after its start and not after today");
  }
  r.ended_on = c.ended_on;
  ctx.next.flags &= ~static_cast<std::uint32_t>(kFlagResidential);
  ctx.reason = c.note;
  return Status::Ok();
}

}  // namespace atensi::lifecycle_internal
