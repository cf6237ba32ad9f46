// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Routing rules: data that maps case facts to the agencies to involve.
//
// A rule set is a JSON file (format "atensi.routing_rules/1", see
// data/rules/routing-default.json): a version, an effective date and a list
// of rules. Each rule has an id, a description, the source it encodes
// (seed [S6], atensi.md §8/§6 with the legal basis), an order, an optional
// effective window, a condition ("when") and actions. An action involves an
// agency, by type (resolved within the child's domicile) or by id, as lead,
// co-facilitator or informed party, optionally for an activity, with a reason.
// A rule with "stop": true ends evaluation when it fires.
//
// Condition language: a JSON object with exactly one key.
//   {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}  {"always": true}
//   {"category_in": ["abh", ...]}         any of these AMPK categories
//   {"age_between": [min, max]}           inclusive, completed years
//   {"has_disability": b}                 fact or AMPK "disabilitas"
//   {"pkh_participant": b} {"has_nik": b} {"has_birth_certificate": b}
//   {"dtsen_registered": b}               a DTSEN decile is known
//   {"decile_max": n}                     registered with decile <= n
//   {"economic_hardship": b} {"residential_need": b}
//   {"napza_or_hiv": b}                   facts or AMPK korban_napza/hiv_aids
//   {"abh": b}                            AMPK "abh"
//   {"disaster": b}                       a disaster level is set
//   {"domicile_in": ["15", "16.01"]}      domicile inside one of these regions
//   {"risk_at_least": "medium"}
//   {"programme_outcome": {"programme": "pkh"|"any", "outcome": "not_handled"}}
//
// Loading validates everything and reports the first error as InvalidArgument
// with reason "routing_rules.<rule>" and a message that starts with the JSON
// line and the rule id: "line 57, rule 'pkh.first': unknown predicate 'pkh'".
// Conditions are compiled into a flat node array; evaluating a rule does no
// string or JSON work. A RuleSet is immutable and thread-safe after loading.

#ifndef ATENSI_ROUTING_ROUTING_RULES_H_
#define ATENSI_ROUTING_ROUTING_RULES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/routing/agency.h"
#include "atensi/routing/case_facts.h"
#include "atensi/status.h"

namespace atensi {

class AgencyRegistry;

// The part an agency plays in a case. Exactly one lead per case. Stable values.
enum class InvolvementRole : std::uint8_t { kLead = 1, kCoFacilitator = 2, kInformed = 3 };

// What an involved agency does. Stable values (used as bit positions).
enum class Activity : std::uint8_t {
  kChildCapacityBuilding = 1,   // Child Capacity Building at the centre ([S6])
  kFamilyCapacityBuilding = 2,  // Family Capacity Building at the centre ([S6])
  kCivilRegistration = 3,       // NIK, KK, akta kelahiran, KIA
  kDisabilityAssistance = 4,
  kProtectionServices = 5,  // UPTD PPA protection
  kJusticeProcess = 6,      // SPPA process (Bapas, LPKS)
  kDtsenRegistration = 7,   // registering the household in DTSEN
  kResidentialRehabilitation = 8,
  kCaseManagement = 9,
};
inline constexpr int kActivityCount = 9;

std::string_view Name(InvolvementRole v) noexcept;  // "lead", "co_facilitator", "informed"
std::string_view Name(Activity v) noexcept;         // "child_capacity_building", ...
std::optional<InvolvementRole> ParseInvolvementRole(std::string_view s) noexcept;
std::optional<Activity> ParseActivity(std::string_view s) noexcept;

struct RuleAction {
  std::optional<AgencyType> agency_type;  // resolve by type within the domicile ...
  std::string agency_id;                  // ... or name one agency
  InvolvementRole role = InvolvementRole::kInformed;
  std::optional<Activity> activity;
  std::string reason;
};

struct Rule {
  std::string id;  // stable, [a-z0-9._-]
  std::string description;
  std::string source;  // seed / atensi.md section / legal basis
  int order = 0;       // evaluation order, ties by position in the file
  Date effective_from{1900, 1, 1};
  std::optional<Date> effective_to;
  bool stop = false;
  std::vector<RuleAction> actions;
  int line = 0;           // JSON line where the rule starts
  std::string when_text;  // the condition as compact JSON, for explanations

  [[nodiscard]] bool InEffect(Date on) const {
    return on >= effective_from && (!effective_to || on <= *effective_to);
  }
};

class RuleSet {
 public:
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Parses, validates and compiles a rule set (see the file comment).
  static Result<RuleSet> FromJson(std::string_view json_text);
  // The shipped rules (data/rules/routing-default.json, compiled in).
  static Result<RuleSet> Default();
  static std::string_view DefaultJson() noexcept;

  [[nodiscard]] const std::string& version() const noexcept;
  [[nodiscard]] Date effective_from() const noexcept;
  [[nodiscard]] const std::optional<Date>& effective_to() const noexcept;
  [[nodiscard]] bool InEffect(Date on) const noexcept;

  // Rules in evaluation order.
  [[nodiscard]] std::span<const Rule> rules() const noexcept;
  [[nodiscard]] const Rule* FindRule(std::string_view id) const noexcept;

  // True when rule `index` (in evaluation order) matches `facts`. Fast path.
  [[nodiscard]] bool Matches(std::size_t index, const CaseFacts& facts) const noexcept;
  // Why rule `index` does not match, e.g. "not met: {\"pkh_participant\":true}";
  // empty when it matches. Slow path for Explain.
  [[nodiscard]] std::string WhyNot(std::size_t index, const CaseFacts& facts) const;

  // FailedPrecondition "routing_rules.agency_unknown" naming the rule when an
  // action names an agency id that `registry` does not hold.
  [[nodiscard]] Status CheckAgainst(const AgencyRegistry& registry) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace atensi

#endif  // ATENSI_ROUTING_ROUTING_RULES_H_
