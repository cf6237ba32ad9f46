// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Reintegration, evaluation, termination, aftercare, closure and reopening.
//
// Regulation encoded:
//   - PP 39/2012 art 7(2) e-g: resosialisasi, terminasi, bimbingan lanjut.
//   - Permensos 7/2021 (prinsip sistematik; Permensos 15/2025 art 4): case
//     management must have evaluable outcomes, so termination needs an
//     evaluation with outcome indicators recorded in the current episode.
//   - Closure reasons form a fixed list; reasons that claim success fit only
//     the stages after termination (goals_achieved: termination or aftercare;
//     aftercare_completed: aftercare), referral_completed only a referred-out
//     case, transferred_to_adult_services only a person of 18 or over.
//   - UU 35/2014 art 1(1): a closed case is reopened only for a child, with a
//     stated reason; an age-out is resolved by termination or by transfer to
//     adult services.

#include "lifecycle/handlers.h"
#include "lifecycle/text_rules.h"

namespace atensi::lifecycle_internal {
namespace {

Status ResidentialOpen(std::string_view what) {
  return FailedPrecondition("lifecycle.residential_open", "placements",
                            "end the current residential placement before " + std::string(what));
}

bool HasEvaluationThisEpisode(const Case& c) {
  const Instant start = c.EpisodeStart();
  for (const Evaluation& e : c.evaluations) {
    if (e.evaluated_at >= start && !e.indicators.empty()) return true;
  }
  return false;
}

}  // namespace

Status Apply(Ctx& ctx, const cmd::StartReintegration&) {
  ctx.next.stage = Stage::kReintegration;
  ctx.next.reintegration_started_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordEvaluation& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.evaluation_id, "evaluation_id"));
  if (c.indicators.empty()) {
    return InvalidArgument("lifecycle.evaluation_indicators", "indicators",
                           "an evaluation records at least one outcome indicator (Permensos "
                           "7/2021 prinsip sistematik: outcomes must be evaluable)");
  }
  for (std::size_t i = 0; i < c.indicators.size(); ++i) {
    const OutcomeIndicator& ind = c.indicators[i];
    const std::string p = "indicators[" + std::to_string(i) + "]";
    ATENSI_RETURN_IF_ERROR(CheckText(ind.name, p + ".name", 1, kMaxNameBytes, false));
    ATENSI_RETURN_IF_ERROR(CheckText(ind.baseline, p + ".baseline", 0, kMaxTextBytes, true));
    ATENSI_RETURN_IF_ERROR(CheckText(ind.result, p + ".result", 0, kMaxTextBytes, true));
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.summary, "summary", 0, kMaxTextBytes, true));
  Evaluation e;
  e.id = c.evaluation_id;
  e.evaluated_at = ctx.now;
  e.evaluator_id = ctx.actor.person_id;
  e.indicators = c.indicators;
  e.summary = c.summary;
  ctx.next.evaluations.push_back(std::move(e));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::Terminate& c) {
  ATENSI_RETURN_IF_ERROR(CheckText(c.reason, "reason", 0, kMaxTextBytes, true));
  if (ctx.next.CurrentPlacement() != nullptr) return ResidentialOpen("termination");
  if (!HasEvaluationThisEpisode(ctx.next)) {
    return FailedPrecondition("lifecycle.evaluation_required", "evaluations",
                              "termination needs an evaluation with outcome indicators in this "
                              "episode (Permensos 7/2021 prinsip sistematik; Permensos 15/2025 "
                              "art 4)");
  }
  ctx.next.stage = Stage::kTermination;
  ctx.next.terminated_at = ctx.now;
  ResolveAgeOutFlag(ctx);
  ctx.reason = c.reason;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::StartAftercare&) {
  ctx.next.stage = Stage::kAftercare;
  ctx.next.aftercare_started_at = ctx.now;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::RecordFollowup& c) {
  ATENSI_RETURN_IF_ERROR(CheckNewId(ctx, c.followup_id, "followup_id"));
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  Followup f;
  f.id = c.followup_id;
  f.at = ctx.now;
  f.recorded_by = ctx.actor.person_id;
  f.note = c.note;
  ctx.next.followups.push_back(std::move(f));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::Close& c) {
  if (!c.reason.has_value() || !IsKnown(*c.reason, ParseClosureReason)) {
    return FailedPrecondition("lifecycle.closure_reason", "reason",
                              "closing a case needs a reason from the fixed list of closure "
                              "reasons");
  }
  ATENSI_RETURN_IF_ERROR(CheckText(c.note, "note", 0, kMaxTextBytes, true));
  const Stage stage = ctx.cur.stage;
  bool fits = true;
  switch (*c.reason) {
    case ClosureReason::kGoalsAchieved:
      fits = stage == Stage::kTermination || stage == Stage::kAftercare;
      break;
    case ClosureReason::kAftercareCompleted:
      fits = stage == Stage::kAftercare;
      break;
    case ClosureReason::kReferralCompleted:
      fits = stage == Stage::kReferredOut;
      break;
    case ClosureReason::kTransferredToAdultServices:
      fits = IsAdultAt(ctx.child, ctx.now, ctx.policy);
      break;
    default:
      break;
  }
  if (!fits) {
    return FailedPrecondition("lifecycle.closure_reason", "reason",
                              "closure reason " + std::string(Name(*c.reason)) +
                                  " does not fit a case in stage " + std::string(Name(stage)));
  }
  if (ctx.next.CurrentPlacement() != nullptr) return ResidentialOpen("closing the case");
  Closure cl;
  cl.reason = *c.reason;
  cl.closed_at = ctx.now;
  cl.closed_by = ctx.actor.person_id;
  cl.note = c.note;
  ctx.next.closure = std::move(cl);
  ctx.next.stage = Stage::kClosed;
  ResolveAgeOutFlag(ctx);
  ctx.reason = std::string(Name(*c.reason));
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::Reopen& c) {
  ATENSI_RETURN_IF_ERROR(
      CheckText(c.reason, "reason", 1, kMaxTextBytes, true, "lifecycle.reopen_reason"));
  if (IsAdultAt(ctx.child, ctx.now, ctx.policy)) {
    return FailedPrecondition("lifecycle.not_a_child", "birth_date",
                              "a case can be reopened only while the person is under 18 "
                              "(UU 35/2014 art 1(1))");
  }
  Case& n = ctx.next;
  n.reopenings.push_back(Reopening{ctx.now, ctx.actor.person_id, c.reason});
  n.closure.reset();
  n.referral.reset();
  // A new episode: milestones restart; records (consents, plan, evaluations)
  // are kept as history.
  n.first_contact_at.reset();
  n.assessment_started_at.reset();
  n.assessment_completed_at.reset();
  n.intervention_started_at.reset();
  n.reintegration_started_at.reset();
  n.terminated_at.reset();
  n.aftercare_started_at.reset();
  n.flags |= kFlagReopened;
  n.flags &= ~static_cast<std::uint32_t>(kFlagAgeOut | kFlagAgeOutResolved);
  // UPTD PPA SOP: a high-risk case gets protection before assessment.
  n.stage = n.risk == RiskLevel::kHigh ? Stage::kEmergency : Stage::kIntake;
  ctx.reason = c.reason;
  return Status::Ok();
}

Status Apply(Ctx& ctx, const cmd::ResolveAgeOut& c) {
  switch (c.resolution) {
    case cmd::AgeOutResolution::kTerminate: {
      ATENSI_RETURN_IF_ERROR(Apply(ctx, cmd::Terminate{c.note}));
      ctx.reason = "terminate";
      return Status::Ok();
    }
    case cmd::AgeOutResolution::kTransferToAdultServices: {
      ATENSI_RETURN_IF_ERROR(
          Apply(ctx, cmd::ReferOut{c.to_agency_id, ReferralReason::kAdultServices, c.note}));
      ctx.reason = "transfer_to_adult_services";
      return Status::Ok();
    }
  }
  return InvalidArgument("lifecycle.enum", "resolution", "unknown age-out resolution");
}

}  // namespace atensi::lifecycle_internal
