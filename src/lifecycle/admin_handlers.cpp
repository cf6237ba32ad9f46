// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Risk, categories, assignment, lead agency, beneficiary decision, links.
//
// Regulation encoded:
//   - UU 35/2014 art 59(2): a case may hold several of the 15 AMPK categories
//     (atensi.md §13 rule 7); PPKS child types per PP 39/2012 art 6(1).
//   - UPTD PPA SOP (atensi.md §4.2): a high-risk intake goes to emergency
//     protection before assessment, also when the risk is raised later in
//     intake.
//   - Permensos 15/2025 art 1(7): a Penerima Manfaat is "ditetapkan dalam
//     keputusan": the status exists only with a decision record (number, date,
//     issuer).

#include <algorithm>

#include "lifecycle/handlers.h"
#include "lifecycle/text_rules.h"

namespace atensi::lifecycle_internal {
namespace {

Status NoChange(std::string_view field, std::string_view what) {
  return FailedPrecondition("lifecycle.no_change", std::string(field), std::string(what));
}

Status CheckCategoryChoice(const std::optional<AmpkCategory>& ampk,
                           const std::optional<ChildPpksType>& ppks) {
  if (ampk.has_value() == ppks.has_value()) {
    return InvalidArgument("lifecycle.category_choice", "category",
                           "name exactly one AMPK category or one PPKS type");
  }
  if (ampk.has_value() && !IsKnown(*ampk, ParseAmpkCategory)) {
    return InvalidArgument("lifecycle.enum", "ampk",
                           "unknown AMPK category (UU 35/2014 art 59(2) lists 15)");
  }
  if (ppks.has_value() && !IsKnown(*ppks, ParseChildPpksType)) {
    return InvalidArgument("lifecycle.enum", "ppks", "unknown PPKS problem type");
  }
  return Status::Ok();
}

}  // namespace

Status Apply(Ctx& ctx, const cmd::SetRisk& c) {
  if (!IsKnown(c.risk, ParseRiskLevel)) {
    return InvalidArgument("lifecycle.enum", "risk", "unknown risk level");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.reason, "reason", 0, kMaxTextBytes, true));
  if (c.risk == ctx.cur.risk) return NoChange("risk", "the case already has this risk level");
  ctx.next.risk = c.risk;
  if (c.risk == RiskLevel::kHigh && ctx.cur.stage == Stage::kIntake) {
    ctx.next.stage = Stage::kEmergency;  // UPTD PPA SOP
  }
  ctx.reason = c.reason;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::AddCategory& c) {
  ATENSI_RETURN_IF_ERROR(CheckCategoryChoice(c.ampk, c.ppks));
  if (c.ampk.has_value()) {
    if (ctx.next.categories.Has(*c.ampk)) return NoChange("ampk", "category already on the case");
    ctx.next.categories.Add(*c.ampk);
  } else {
    auto& v = ctx.next.ppks_types;
    if (std::find(v.begin(), v.end(), *c.ppks) != v.end()) {
      return NoChange("ppks", "type already on the case");
    }
    v.push_back(*c.ppks);
    std::sort(v.begin(), v.end());
  }
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RemoveCategory& c) {
  ATENSI_RETURN_IF_ERROR(CheckCategoryChoice(c.ampk, c.ppks));
  if (c.ampk.has_value()) {
    if (!ctx.next.categories.Has(*c.ampk)) return NoChange("ampk", "category not on the case");
    ctx.next.categories.Remove(*c.ampk);
  } else {
    auto& v = ctx.next.ppks_types;
    auto it = std::find(v.begin(), v.end(), *c.ppks);
    if (it == v.end()) return NoChange("ppks", "type not on the case");
    v.erase(it);
  }
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::AssignWorker& c) {
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(c.worker_id, "worker_id", true));
  if (c.worker_id == ctx.cur.assigned_worker_id) {
    return NoChange("worker_id", "this worker is already assigned");
  }
  ctx.next.assigned_worker_id = c.worker_id;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::SetLeadAgency& c) {
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(c.agency_id, "agency_id", false));
  ATENSI_RETURN_IF_ERROR(CheckText(c.reason, "reason", 0, kMaxTextBytes, true));
  if (c.agency_id == ctx.cur.lead_agency_id) {
    return NoChange("agency_id", "this agency already leads the case");
  }
  ctx.next.lead_agency_id = c.agency_id;
  ctx.reason = c.reason;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordBeneficiaryDecision& c) {
  auto missing = [](std::string_view field) {
    return FailedPrecondition("lifecycle.beneficiary_decision_required", std::string(field),
                              "Penerima Manfaat status needs a decision record with its number, "
                              "date and issuer: \"ditetapkan dalam keputusan\" (Permensos "
                              "15/2025 art 1(7))");
  };
  if (!CheckText(c.number, "number", 1, kMaxNameBytes, false).ok()) return missing("number");
  if (c.issued_on.is_special() || c.issued_on > ctx.today) return missing("issued_on");
  if (!CheckOpaqueId(c.issued_by, "issued_by", false).ok()) return missing("issued_by");
  Decision d;
  d.number = c.number;
  d.issued_on = c.issued_on;
  d.issued_by = c.issued_by;
  d.recorded_by = ctx.actor.person_id;
  d.recorded_at = ctx.now;
  ctx.next.beneficiary_decision = std::move(d);
  ctx.next.flags |= kFlagBeneficiary;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::LinkCase& c) {
  ATENSI_RETURN_IF_ERROR(CheckUuid(c.case_id, "case_id"));
  if (c.case_id == ctx.cur.id) {
    return InvalidArgument("lifecycle.link_self", "case_id", "a case cannot be linked to itself");
  }
  ATENSI_RETURN_IF_ERROR(
      CheckText(c.reason, "reason", 1, kMaxTextBytes, true, "lifecycle.link_reason"));
  ctx.next.link = CaseLink{c.case_id, c.reason};
  ctx.next.flags |= kFlagLinked;
  ctx.reason = c.reason;
  return Status::Ok();
}

Status Apply(Ctx&, const cmd::RefreshFlags&) { return Status::Ok(); }

}  // namespace atensi::lifecycle_internal
