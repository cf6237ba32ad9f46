// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Case deadlines: a configurable policy table keyed by (risk level, step).
//
// THESE DEFAULTS ARE CONFIGURATION, NOT LAW. No Indonesian regulation found
// sets stage durations for ATENSI casework (atensi.md §4.4: "Stage durations
// for assessment/plan in ATENSI: UNCONFIRMED"). The only figures found are:
//   - UPTD PPA follow-up to a complaint within 3 working days: the Probolinggo
//     UPTD PPA service standard [S29], a LOCAL standard; used for the high-risk
//     assessment default (3 calendar days, which is stricter).
//   - Primero's assignment SLA of 1 h / 3 h for high/medium risk (peers.md §2)
//     is a product default, not a norm; it motivates a short first-contact
//     default for high risk.
// Everything else is a documented product default, chosen so a supervisor sees
// stalled cases; agencies should set their own table.
//
// Defaults (DeadlinePolicy::Defaults):
//   step               high      medium    low       anchor
//   first_contact      24 h      3 days    7 days    episode start (open/reopen)
//   assessment_done    3 days    14 days   30 days   episode start
//   plan_approved      14 days   30 days   30 days   assessment completed
//   followup_interval  30 days   60 days   90 days   last contact in intervention,
//                                                    reintegration or aftercare
//
// Time arithmetic: durations are exact milliseconds added to an Instant (UTC
// has no daylight saving, so N days = N calendar days at the same UTC time,
// across month ends and 29 February alike).

#ifndef ATENSI_LIFECYCLE_DEADLINE_H_
#define ATENSI_LIFECYCLE_DEADLINE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

// A length of time in milliseconds.
struct Duration {
  std::int64_t ms = 0;

  static constexpr Duration Hours(std::int64_t h) { return Duration{h * 3'600'000}; }
  static constexpr Duration Days(std::int64_t d) { return Duration{d * 86'400'000}; }
  friend constexpr auto operator<=>(const Duration&, const Duration&) = default;
};

inline constexpr Instant operator+(Instant t, Duration d) { return t.PlusMillis(d.ms); }

enum class DeadlineStep : std::uint8_t {
  kFirstContact = 1,      // first contact with child/family after the case opens
  kAssessmentDone = 2,    // assessment completed
  kPlanApproved = 3,      // intervention plan approved after the assessment
  kFollowupInterval = 4,  // maximum gap between contacts during services/aftercare
};
inline constexpr int kDeadlineStepCount = 4;

// "first_contact", "assessment_done", "plan_approved", "followup_interval".
std::string_view Name(DeadlineStep v) noexcept;
std::optional<DeadlineStep> ParseDeadlineStep(std::string_view s) noexcept;

// The configurable table (risk level x step) -> duration.
class DeadlinePolicy {
 public:
  // The documented defaults above (configuration, not law).
  static DeadlinePolicy Defaults();

  // The duration for (risk, step).
  [[nodiscard]] Duration Get(RiskLevel risk, DeadlineStep step) const;

  // Sets one cell. InvalidArgument "deadline.duration" when d is not positive
  // or longer than 366 days.
  Status Set(RiskLevel risk, DeadlineStep step, Duration d);

  friend bool operator==(const DeadlinePolicy&, const DeadlinePolicy&) = default;

 private:
  std::array<Duration, 3 * kDeadlineStepCount> table_{};
};

// One deadline of a case.
struct DueItem {
  DeadlineStep step = DeadlineStep::kFirstContact;
  Instant due_at;
  bool overdue = false;  // now > due_at

  friend bool operator==(const DueItem&, const DueItem&) = default;
};

// The pending deadlines of `c` that are overdue or due within
// `due_soon_window` of `now` (due_at <= now + window), ordered by due_at.
// Which steps are pending:
//   first_contact     no first contact yet in this episode;
//   assessment_done   assessment not completed in this episode and the case is
//                     in intake, emergency or assessment;
//   plan_approved     assessment completed, no plan approved since, stage planning;
//   followup_interval stage intervention, reintegration or aftercare: due one
//                     interval after the latest of intervention start, service,
//                     evaluation, aftercare start, follow-up.
// Closed and referred-out cases have no deadlines.
std::vector<DueItem> DueItems(const Case& c, Instant now, Duration due_soon_window,
                              const DeadlinePolicy& policy);

}  // namespace atensi

#endif  // ATENSI_LIFECYCLE_DEADLINE_H_
