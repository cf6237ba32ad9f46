// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Deadline policy and due-item queries. The default table is CONFIGURATION,
// NOT LAW (see deadline.h for what each figure rests on: the only sourced
// figure is the Probolinggo UPTD PPA local standard of 3 working days [S29]).

#include "atensi/lifecycle/deadline.h"

#include <algorithm>

#include "lifecycle/name_table.h"

namespace atensi {
namespace {

constexpr lifecycle_internal::NameTable<DeadlineStep, kDeadlineStepCount> kSteps{{
    {DeadlineStep::kFirstContact, "first_contact"},
    {DeadlineStep::kAssessmentDone, "assessment_done"},
    {DeadlineStep::kPlanApproved, "plan_approved"},
    {DeadlineStep::kFollowupInterval, "followup_interval"},
}};

std::size_t Index(RiskLevel risk, DeadlineStep step) {
  std::size_t r = static_cast<std::size_t>(risk);
  std::size_t s = static_cast<std::size_t>(step);
  if (r < 1 || r > 3) r = 3;  // unknown risk: treat as high (strictest)
  if (s < 1 || s > static_cast<std::size_t>(kDeadlineStepCount)) s = 1;
  return (r - 1) * static_cast<std::size_t>(kDeadlineStepCount) + (s - 1);
}

void Later(std::optional<Instant>& acc, const std::optional<Instant>& t) {
  if (t.has_value() && (!acc.has_value() || *t > *acc)) acc = t;
}

}  // namespace

std::string_view Name(DeadlineStep v) noexcept { return lifecycle_internal::LookupName(kSteps, v); }
std::optional<DeadlineStep> ParseDeadlineStep(std::string_view s) noexcept {
  return lifecycle_internal::ReverseName(kSteps, s);
}

DeadlinePolicy DeadlinePolicy::Defaults() {
  DeadlinePolicy p;
  using D = Duration;
  // Product defaults (configuration, not law); see deadline.h.
  const struct {
    RiskLevel risk;
    Duration first_contact, assessment, plan, followup;
  } rows[] = {
      {RiskLevel::kHigh, D::Hours(24), D::Days(3), D::Days(14), D::Days(30)},
      {RiskLevel::kMedium, D::Days(3), D::Days(14), D::Days(30), D::Days(60)},
      {RiskLevel::kLow, D::Days(7), D::Days(30), D::Days(30), D::Days(90)},
  };
  for (const auto& r : rows) {
    p.table_[Index(r.risk, DeadlineStep::kFirstContact)] = r.first_contact;
    p.table_[Index(r.risk, DeadlineStep::kAssessmentDone)] = r.assessment;
    p.table_[Index(r.risk, DeadlineStep::kPlanApproved)] = r.plan;
    p.table_[Index(r.risk, DeadlineStep::kFollowupInterval)] = r.followup;
  }
  return p;
}

Duration DeadlinePolicy::Get(RiskLevel risk, DeadlineStep step) const {
  return table_[Index(risk, step)];
}

Status DeadlinePolicy::Set(RiskLevel risk, DeadlineStep step, Duration d) {
  if (!ParseRiskLevel(Name(risk)).has_value() || !ParseDeadlineStep(Name(step)).has_value()) {
    return InvalidArgument("deadline.key", "step", "unknown risk level or deadline step");
  }
  if (d.ms <= 0 || d > Duration::Days(366)) {
    return InvalidArgument("deadline.duration", std::string(Name(step)),
                           "a deadline must be positive and at most 366 days");
  }
  table_[Index(risk, step)] = d;
  return Status::Ok();
}

std::vector<DueItem> DueItems(const Case& c, Instant now, Duration due_soon_window,
                              const DeadlinePolicy& policy) {
  std::vector<DueItem> out;
  if (c.stage == Stage::kClosed || c.stage == Stage::kReferredOut) return out;
  const Instant episode = c.EpisodeStart();
  auto add = [&](DeadlineStep step, Instant anchor) {
    const Instant due = anchor + policy.Get(c.risk, step);
    if (due <= now + due_soon_window) out.push_back(DueItem{step, due, now > due});
  };

  if (!c.first_contact_at.has_value()) add(DeadlineStep::kFirstContact, episode);

  const bool before_plan =
      c.stage == Stage::kIntake || c.stage == Stage::kEmergency || c.stage == Stage::kAssessment;
  if (before_plan && !c.assessment_completed_at.has_value()) {
    add(DeadlineStep::kAssessmentDone, episode);
  }

  if (c.stage == Stage::kPlanning && c.assessment_completed_at.has_value()) {
    const bool approved_since = c.plan.has_value() && c.plan->status == PlanStatus::kApproved &&
                                c.plan->approved_at.has_value() &&
                                *c.plan->approved_at >= *c.assessment_completed_at;
    if (!approved_since) add(DeadlineStep::kPlanApproved, *c.assessment_completed_at);
  }

  if (c.stage == Stage::kIntervention || c.stage == Stage::kReintegration ||
      c.stage == Stage::kAftercare) {
    std::optional<Instant> last;
    Later(last, c.intervention_started_at);
    Later(last, c.aftercare_started_at);
    for (const ServiceRecord& s : c.services) Later(last, s.delivered_at);
    for (const Evaluation& e : c.evaluations) Later(last, e.evaluated_at);
    for (const Followup& f : c.followups) Later(last, f.at);
    if (!last.has_value() || *last < episode) last = episode;
    add(DeadlineStep::kFollowupInterval, *last);
  }

  std::stable_sort(out.begin(), out.end(),
                   [](const DueItem& a, const DueItem& b) { return a.due_at < b.due_at; });
  return out;
}

}  // namespace atensi
