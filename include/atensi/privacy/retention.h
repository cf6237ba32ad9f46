// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention of a child's personal data: when it must be destroyed.
//
// UU 27/2022 art 42-44: processing ends when the retention period is
// reached or the purpose is achieved, and the controller destroys the data
// when the retention period has expired per the archive retention schedule
// (Jadwal Retensi Arsip, JRA), unless it is needed for legal proceedings
// (a legal hold). No regulation found fixes the period for ATENSI case files
// (atensi.md §11, §14): the periods below are a POLICY the integrator sets
// from its agency's JRA, one row per data category with its legal basis, like
// the deadline policy. The shipped defaults (data/retention_policy.json)
// are atensi's conservative choice, flagged as such.
//
// Pure: no I/O, no clock; the caller passes `now`.

#ifndef ATENSI_PRIVACY_RETENTION_H_
#define ATENSI_PRIVACY_RETENTION_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/clock.h"
#include "atensi/lifecycle/case.h"
#include "atensi/lifecycle/child.h"
#include "atensi/status.h"

namespace atensi {

// What a retention row applies to. Stable names (JSON "category").
enum class RetentionCategory : std::uint8_t {
  // A child with at least one case: the case file and the child's record,
  // counted from the closure of the child's last case.
  kCaseFile = 1,
  // A child registered (e.g. imported from a roster) who never had a case:
  // the purpose (screening) is achieved, counted from registration.
  kChildWithoutCase = 2,
};
std::string_view Name(RetentionCategory v) noexcept;  // "case_file", "child_without_case"
std::optional<RetentionCategory> ParseRetentionCategory(std::string_view s) noexcept;

// One row of the policy.
struct RetentionRule {
  RetentionCategory category = RetentionCategory::kCaseFile;
  int years = 0;  // retention after the start event (closure / registration), 0..100
  // Never before the child reaches this age in whole years (0 = no floor):
  // keeps the file while the child may still ask for it as a child.
  int not_before_age = 0;
  std::string legal_basis;  // citation text; required, non-empty
};

struct RetentionPolicy {
  std::string version;  // e.g. "atensi-default-2026-11"
  std::vector<RetentionRule> rules;

  // The row for `category`, or nullptr.
  [[nodiscard]] const RetentionRule* Find(RetentionCategory category) const;
};

// Parses {"version": "...", "rules": [{"category", "years", "not_before_age",
// "legal_basis"}]}. InvalidArgument naming the field: "retention.version",
// "retention.category" (unknown or duplicate), "retention.years" (0..100),
// "retention.age" (0..100), "retention.legal_basis" (empty), "retention.missing"
// (a category without a row: every category needs one).
Result<RetentionPolicy> ParseRetentionPolicy(const nlohmann::json& j);
nlohmann::json ToJson(const RetentionPolicy& policy);

// The shipped default (the content of data/retention_policy.json).
const RetentionPolicy& DefaultRetentionPolicy();

// Whether a child's data may be destroyed at `now`.
struct RetentionVerdict {
  bool due = false;  // the retention period has ended and nothing holds the data
  // Stable id of why: "retention.ended", "retention.running",
  // "retention.open_case", "retention.legal_hold", "retention.already_purged".
  std::string reason;
  RetentionCategory category = RetentionCategory::kCaseFile;
  std::optional<Instant> ends_at;  // when the period ends / ended (none while a case is open)
};

// Applies `policy` to a child, its cases, whether it is under legal hold,
// and when it was registered (the first event of its chain). Dates are
// counted in calendar years in the zone `utc_offset_minutes`.
RetentionVerdict AssessRetention(const Child& child, const std::vector<Case>& cases,
                                 bool legal_hold, Instant registered_at, Instant now,
                                 const RetentionPolicy& policy, int utc_offset_minutes);

}  // namespace atensi

#endif  // ATENSI_PRIVACY_RETENTION_H_
