// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention periods (UU 27/2022 art 42-44): see include/atensi/privacy/retention.h.

#include "atensi/privacy/retention.h"

#include <algorithm>
#include <array>
#include <utility>

#include "atensi/date.h"

namespace atensi {
namespace {

constexpr std::array<std::pair<RetentionCategory, std::string_view>, 2> kCategories{{
    {RetentionCategory::kCaseFile, "case_file"},
    {RetentionCategory::kChildWithoutCase, "child_without_case"},
}};

// The shipped default; must equal data/retention_policy.json (a test
// compares them).
constexpr std::string_view kDefaultPolicy = R"json({
  "version": "atensi-default-2026-11",
  "rules": [
    {"category": "case_file", "years": 10, "not_before_age": 18,
     "legal_basis": "UU 27/2022 art 42-44 (end processing and destroy at the end of the retention period per the archive retention schedule); period: atensi default pending the agency's JRA (UU 43/2009 on archives); kept at least until the child is 18 (UU 35/2014 art 1(1)) so the child can still ask for it"},
    {"category": "child_without_case", "years": 2, "not_before_age": 0,
     "legal_basis": "UU 27/2022 art 42-43 (processing ends when its purpose is achieved: screening found no case); period: atensi default pending the agency's JRA"}
  ]
})json";

Status Bad(const char* reason, std::string field, const char* message) {
  return InvalidArgument(reason, std::move(field), message);
}

// The first instant of `date` in the zone.
Instant LocalMidnight(Date date, int utc_offset_minutes) {
  return StartOfDayUtc(date).PlusMillis(-std::int64_t{utc_offset_minutes} * 60'000);
}

}  // namespace

std::string_view Name(RetentionCategory v) noexcept {
  for (const auto& [c, name] : kCategories) {
    if (c == v) return name;
  }
  return "unknown";
}

std::optional<RetentionCategory> ParseRetentionCategory(std::string_view s) noexcept {
  for (const auto& [c, name] : kCategories) {
    if (name == s) return c;
  }
  return std::nullopt;
}

const RetentionRule* RetentionPolicy::Find(RetentionCategory category) const {
  for (const RetentionRule& r : rules) {
    if (r.category == category) return &r;
  }
  return nullptr;
}

Result<RetentionPolicy> ParseRetentionPolicy(const nlohmann::json& j) {
  if (!j.is_object()) return Bad("retention.policy", "policy", "The policy must be a JSON object.");
  RetentionPolicy p;
  auto version = j.find("version");
  if (version == j.end() || !version->is_string() || version->get<std::string>().empty()) {
    return Bad("retention.version", "version", "The policy needs a non-empty version.");
  }
  p.version = version->get<std::string>();
  auto rules = j.find("rules");
  if (rules == j.end() || !rules->is_array()) {
    return Bad("retention.rules", "rules", "The policy needs an array of rules.");
  }
  for (std::size_t i = 0; i < rules->size(); ++i) {
    const nlohmann::json& row = (*rules)[i];
    const std::string at = "rules[" + std::to_string(i) + "]";
    if (!row.is_object()) return Bad("retention.rules", at, "Each rule is a JSON object.");
    RetentionRule r;
    auto cat = row.find("category");
    std::optional<RetentionCategory> parsed;
    if (cat != row.end() && cat->is_string())
      parsed = ParseRetentionCategory(cat->get<std::string>());
    if (!parsed || p.Find(*parsed) != nullptr) {
      return Bad("retention.category", at + ".category",
                 "Unknown or repeated category (case_file, child_without_case).");
    }
    r.category = *parsed;
    auto years = row.find("years");
    if (years == row.end() || !years->is_number_integer() || *years < 0 || *years > 100) {
      return Bad("retention.years", at + ".years", "Years must be an integer 0..100.");
    }
    r.years = years->get<int>();
    auto age = row.find("not_before_age");
    if (age != row.end()) {
      if (!age->is_number_integer() || *age < 0 || *age > 100) {
        return Bad("retention.age", at + ".not_before_age", "An age must be an integer 0..100.");
      }
      r.not_before_age = age->get<int>();
    }
    auto basis = row.find("legal_basis");
    if (basis == row.end() || !basis->is_string() || basis->get<std::string>().empty()) {
      return Bad("retention.legal_basis", at + ".legal_basis",
                 "Each retention period must name its legal basis.");
    }
    r.legal_basis = basis->get<std::string>();
    p.rules.push_back(std::move(r));
  }
  for (const auto& [c, name] : kCategories) {
    if (p.Find(c) == nullptr) {
      return Bad("retention.missing", std::string(name), "Every category needs a retention rule.");
    }
  }
  return p;
}

nlohmann::json ToJson(const RetentionPolicy& policy) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RetentionRule& r : policy.rules) {
    rules.push_back({{"category", std::string(Name(r.category))},
                     {"years", r.years},
                     {"not_before_age", r.not_before_age},
                     {"legal_basis", r.legal_basis}});
  }
  return {{"version", policy.version}, {"rules", rules}};
}

const RetentionPolicy& DefaultRetentionPolicy() {
  static const RetentionPolicy* policy = [] {
    auto parsed = ParseRetentionPolicy(nlohmann::json::parse(kDefaultPolicy));
    return new RetentionPolicy(std::move(parsed).value());
  }();
  return *policy;
}

RetentionVerdict AssessRetention(const Child& child, const std::vector<Case>& cases,
                                 bool legal_hold, Instant registered_at, Instant now,
                                 const RetentionPolicy& policy, int utc_offset_minutes) {
  RetentionVerdict v;
  v.category = cases.empty() ? RetentionCategory::kChildWithoutCase : RetentionCategory::kCaseFile;
  // An open case is still being processed for its purpose: never destroyed.
  for (const Case& c : cases) {
    if (c.IsOpen()) {
      v.reason = "retention.open_case";
      return v;
    }
  }
  Date start = DateAt(registered_at, utc_offset_minutes);
  for (const Case& c : cases) {
    if (c.closure.has_value()) {
      start = std::max(start, DateAt(c.closure->closed_at, utc_offset_minutes));
    }
  }
  const RetentionRule* rule = policy.Find(v.category);
  const int years = rule ? rule->years : 0;
  Date end = AnniversaryOf(start, years);
  if (rule != nullptr && rule->not_before_age > 0 && !child.birth_date.is_special()) {
    end = std::max(end, AnniversaryOf(child.birth_date, rule->not_before_age));
  }
  v.ends_at = LocalMidnight(end, utc_offset_minutes);
  if (legal_hold) {
    v.reason = "retention.legal_hold";
    return v;
  }
  v.due = now >= *v.ends_at;
  v.reason = v.due ? "retention.ended" : "retention.running";
  return v;
}

}  // namespace atensi
