// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Decide and OpenCase: the pure lifecycle core (contract in transition.h).
//
// Rules encoded here:
//   - Optimistic concurrency: a stale expected_version is a Conflict, never
//     last-write-wins (the failure Primero issue #508 describes, peers.md §4).
//   - UU 35/2014 art 1(1): a person is a child while under 18. A case open
//     past the 18th birthday is flagged age_out until resolved; no case is
//     opened or reopened for a person of 18 or over.
//   - High-risk intake goes to emergency protection before assessment (UPTD PPA
//     SOP, atensi.md §4.2 [S29]).
//   - At most one open case per child unless a second one is linked with a
//     reason (the rule; prevents silent duplicate casework).

#include "atensi/lifecycle/transition.h"

#include <algorithm>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <string>

#include "atensi/lifecycle/lifecycle_json.h"
#include "atensi/lifecycle/lifecycle_json_text.h"
#include "lifecycle/handlers.h"
#include "lifecycle/text_rules.h"

namespace atensi {
namespace {

using lifecycle_internal::CheckOpaqueId;
using lifecycle_internal::CheckText;
using lifecycle_internal::CheckUuid;

// Stages in which age-out is raised: open and not yet terminated.
bool AgeOutStage(Stage s) {
  return s != Stage::kClosed && s != Stage::kTermination && s != Stage::kAftercare;
}

Status NotAllowed(Stage stage, Action action) {
  return FailedPrecondition("lifecycle.action_not_allowed", "action",
                            "action " + std::string(Name(action)) + " is not allowed in stage " +
                                std::string(Name(stage)) + " (action table, atensi.md §4.3)");
}

Status AgeOutPending(Action action) {
  return FailedPrecondition(
      "lifecycle.age_out_pending", "birth_date",
      "the child has turned 18 and is no longer a child (UU 35/2014 art 1(1)); only "
      "termination, transfer to adult services or closure may follow, not " +
          std::string(Name(action)));
}

}  // namespace

bool IsAdultAt(const Child& child, Instant now, const LifecyclePolicy& policy) {
  if (child.birth_date.is_special()) return false;
  return !IsChildAt(child.birth_date, DateAt(now, policy.utc_offset_minutes));
}

std::uint32_t EffectiveFlags(const Case& c, const Child& child, Instant now,
                             const LifecyclePolicy& policy) {
  std::uint32_t flags = c.flags;
  if (AgeOutStage(c.stage) && (flags & kFlagAgeOutResolved) == 0) {
    // Recomputed, not only added: a corrected birth date lifts a wrong flag.
    if (IsAdultAt(child, now, policy)) {
      flags |= kFlagAgeOut;
    } else {
      flags &= ~static_cast<std::uint32_t>(kFlagAgeOut);
    }
  }
  return flags;
}

Status CheckAgeOut(const Case& c, const Child& child, Instant now, const LifecyclePolicy& policy) {
  if ((EffectiveFlags(c, child, now, policy) & kFlagAgeOut) != 0) {
    return FailedPrecondition("lifecycle.age_out_pending", "birth_date",
                              "the child has turned 18 while the case is open (UU 35/2014 art "
                              "1(1)); resolve by termination or transfer to adult services");
  }
  return Status::Ok();
}

Date AddCalendarMonths(Date start, int months) {
  const int total =
      static_cast<int>(start.year()) * 12 + (static_cast<int>(start.month()) - 1) + months;
  const int year = total / 12;
  const int month = total % 12 + 1;
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(year), static_cast<unsigned short>(month));
  const int day = std::min(static_cast<int>(start.day()), last);
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

nlohmann::json DiffTopLevel(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json changes = nlohmann::json::object();
  static const nlohmann::json kNull = nullptr;
  auto value = [](const nlohmann::json& obj, const std::string& key) -> const nlohmann::json& {
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
  };
  for (auto it = before.begin(); it != before.end(); ++it) {
    const nlohmann::json& b = it.value();
    const nlohmann::json& a = value(after, it.key());
    if (a != b) changes[it.key()] = {{"before", b}, {"after", a}};
  }
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (before.contains(it.key())) continue;
    if (!it.value().is_null()) changes[it.key()] = {{"before", nullptr}, {"after", it.value()}};
  }
  return changes;
}

Status CheckOneOpenCase(const Case& candidate, std::span<const Case> others) {
  bool any_open = false;
  bool linked_to_open = false;
  for (const Case& o : others) {
    if (o.id == candidate.id || !o.IsOpen()) continue;
    any_open = true;
    if (candidate.link.has_value() && candidate.link->case_id == o.id &&
        !candidate.link->reason.empty()) {
      linked_to_open = true;
    }
  }
  if (any_open && !linked_to_open) {
    return FailedPrecondition("lifecycle.open_case_exists", "link",
                              "the child already has an open case; a second open case must be "
                              "linked to it with a reason");
  }
  return Status::Ok();
}

Result<Transition> Decide(const Case& current, const Child& child, const Command& command,
                          const Actor& actor, Instant now, const LifecyclePolicy& policy,
                          std::int64_t expected_version) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  if (expected_version != current.version) {
    return Conflict("lifecycle.version_conflict", "version",
                    "the case was changed by someone else since it was read (expected version " +
                        std::to_string(expected_version) + ", current " +
                        std::to_string(current.version) + "); reload and apply the change again");
  }
  if (current.child_id != child.id) {
    return InvalidArgument("lifecycle.child_mismatch", "child_id",
                           "the child passed is not the child of this case");
  }
  const Action action = ActionOf(command);
  const std::uint32_t flags = EffectiveFlags(current, child, now, policy);
  if (!IsAllowed(current.stage, flags, action)) {
    if ((flags & kFlagAgeOut) != 0 && IsAllowed(current.stage, flags & ~kFlagAgeOut, action)) {
      return AgeOutPending(action);
    }
    return NotAllowed(current.stage, action);
  }

  Transition t{current, EventDraft{}};
  t.next.flags = flags;
  lifecycle_internal::Ctx ctx{
      current, t.next, child, actor, now, policy, DateAt(now, policy.utc_offset_minutes), {}};
  ATENSI_RETURN_IF_ERROR(
      std::visit([&ctx](const auto& c) { return lifecycle_internal::Apply(ctx, c); }, command));
  t.next.version = current.version + 1;
  t.event.action = std::string(Name(action));
  t.event.reason = std::move(ctx.reason);
  // Text comparison of the two documents, DOM values only for the changed
  // members (lifecycle_json_text.h): the same change set as DiffTopLevel.
  t.event.changes = DiffCases(current, t.next);
  return t;
}

Result<Transition> OpenCase(const Child& child, const OpenCaseRequest& request, const Actor& actor,
                            Instant now, const LifecyclePolicy& policy,
                            std::span<const Case> child_existing_cases) {
  ATENSI_RETURN_IF_ERROR(ValidateActor(actor));
  ATENSI_RETURN_IF_ERROR(CheckUuid(request.case_id, "case_id"));
  ATENSI_RETURN_IF_ERROR(CheckUuid(child.id, "child_id"));
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(request.lead_agency_id, "lead_agency_id", false));
  ATENSI_RETURN_IF_ERROR(CheckOpaqueId(request.assigned_worker_id, "assigned_worker_id", true));
  if (!ParseCaseSource(Name(request.source)).has_value()) {
    return InvalidArgument("lifecycle.enum", "source", "unknown case source");
  }
  if (!ParseRiskLevel(Name(request.risk)).has_value()) {
    return InvalidArgument("lifecycle.enum", "risk", "unknown risk level");
  }
  std::vector<ChildPpksType> ppks = request.ppks_types;
  for (ChildPpksType p : ppks) {
    if (!ParseChildPpksType(Name(p)).has_value()) {
      return InvalidArgument("lifecycle.enum", "ppks_types", "unknown PPKS problem type");
    }
  }
  std::sort(ppks.begin(), ppks.end());
  ppks.erase(std::unique(ppks.begin(), ppks.end()), ppks.end());
  if (child.birth_date.is_special()) {
    return InvalidArgument("child.birth_date_missing", "birth_date",
                           "a child's birth date is required to apply UU 35/2014 art 1(1)");
  }
  if (IsAdultAt(child, now, policy)) {
    return FailedPrecondition("lifecycle.not_a_child", "birth_date",
                              "a case can be opened only for a person under 18 "
                              "(UU 35/2014 art 1(1))");
  }
  for (const Case& o : child_existing_cases) {
    if (o.id == request.case_id) {
      return InvalidArgument("lifecycle.duplicate_id", "case_id", "this case id is already used");
    }
  }
  if (request.link.has_value()) {
    ATENSI_RETURN_IF_ERROR(CheckText(request.link->reason, "link.reason", 1,
                                     lifecycle_internal::kMaxTextBytes, true,
                                     "lifecycle.link_reason"));
    const bool known = std::any_of(child_existing_cases.begin(), child_existing_cases.end(),
                                   [&](const Case& o) { return o.id == request.link->case_id; });
    if (!known) {
      return InvalidArgument("lifecycle.unknown_reference", "link.case_id",
                             "the linked case is not a case of this child");
    }
  }

  Case c;
  c.id = request.case_id;
  c.child_id = child.id;
  c.opened_at = now;
  c.source = request.source;
  c.categories = request.categories;
  c.ppks_types = std::move(ppks);
  c.risk = request.risk;
  c.lead_agency_id = request.lead_agency_id;
  c.assigned_worker_id = request.assigned_worker_id;
  // UPTD PPA SOP (atensi.md §4.2): high risk gets protection before assessment.
  c.stage = request.risk == RiskLevel::kHigh ? Stage::kEmergency : Stage::kIntake;
  c.link = request.link;
  if (c.link.has_value()) c.flags |= kFlagLinked;
  c.version = 1;
  ATENSI_RETURN_IF_ERROR(CheckOneOpenCase(c, child_existing_cases));

  Transition t{c, EventDraft{}};
  t.event.action = "open_case";
  t.event.reason = std::string(Name(request.source));
  t.event.changes = NewRecordChanges(ToJson(c));
  return t;
}

}  // namespace atensi
