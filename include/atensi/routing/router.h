// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The routing engine: case facts + rule set + agency registry -> which
// agencies work the case, in which role, and why.
//
// Semantics (deterministic: same inputs, same decision):
//   - Rules are evaluated in rule-set order (order, then file position). A
//     rule not in effect on the routing date is skipped; a fired rule with
//     "stop" skips all later rules.
//   - Each action of a fired rule names an agency type (resolved to the most
//     specific agency of that type covering the child's domicile on the date
//     that takes new cases and accepts the child's age and categories) or an
//     agency id. An action whose agency cannot be found is recorded as
//     unresolved and has no other effect.
//   - Exactly one lead. The first resolved lead action sets the lead; every
//     later lead action becomes a fall-through candidate, in order, used when
//     the lead rejects the referral or lets it expire (NextCandidate in
//     referral.h). An agency involved twice keeps one entry: activities are
//     merged and informed is upgraded to co-facilitator; an agency already
//     involved that becomes the lead moves to the front.
//   - A decision with no resolvable lead is FailedPrecondition
//     "routing.no_lead".
//
// Performance: Route does no JSON or string parsing; strings in a decision are
// views into the RuleSet and AgencyRegistry (see Involvement). RouteInto
// reuses a decision's buffers and allocates nothing in steady state.

#ifndef ATENSI_ROUTING_ROUTER_H_
#define ATENSI_ROUTING_ROUTER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/case_facts.h"
#include "atensi/routing/routing_rules.h"
#include "atensi/status.h"

namespace atensi {

// One agency's part in a case.
//
// The string views point into the RuleSet and AgencyRegistry passed to Route
// (or, for a decision read by RoutingDecisionFromJson, into storage the
// decision shares); they stay valid while those live. Copy to std::string to
// keep them longer.
struct Involvement {
  std::string_view agency_id;  // empty in RoutingDecision::unresolved
  AgencyType agency_type = AgencyType::kRegencySocialService;
  InvolvementRole role = InvolvementRole::kInformed;
  std::uint32_t activities = 0;  // bit (1 << Activity) per activity
  std::string_view reason;
  std::string_view rule_id;
  std::string_view source;

  [[nodiscard]] bool Has(Activity a) const {
    return (activities & (1u << static_cast<unsigned>(a))) != 0;
  }
  void Add(Activity a) { activities |= 1u << static_cast<unsigned>(a); }
};

struct RoutingDecision {
  std::string rule_set_version;
  std::string registry_version;
  Date on{1900, 1, 1};
  // The lead first, then co-facilitators and informed parties in rule order.
  std::vector<Involvement> involvements;
  // Later lead actions, in order: who takes the lead if the lead declines.
  std::vector<Involvement> lead_candidates;
  // Actions whose agency could not be resolved (no agency of that type covers
  // the domicile, or it takes no new cases).
  std::vector<Involvement> unresolved;
  // Owns the strings of a decision read from JSON; null for Route's output.
  std::shared_ptr<const std::deque<std::string>> storage;

  [[nodiscard]] const Involvement& lead() const { return involvements.front(); }
  // nullptr when the agency is not involved.
  [[nodiscard]] const Involvement* Find(std::string_view agency_id) const;
};

// Routes a case. Errors: InvalidArgument "routing.domicile_missing";
// FailedPrecondition "routing.rules_not_effective" when `on` lies outside the
// rule set's effective window; FailedPrecondition "routing.no_lead".
Result<RoutingDecision> Route(const CaseFacts& facts, const RuleSet& rules,
                              const AgencyRegistry& registry, Date on);

// As Route, writing into `*out` and reusing its buffers (for hot loops).
Status RouteInto(const CaseFacts& facts, const RuleSet& rules, const AgencyRegistry& registry,
                 Date on, RoutingDecision* out);

// What happened to one rule in a routing run.
struct RuleTrace {
  std::string rule_id;
  int order = 0;
  int line = 0;  // line of the rule in its JSON file
  bool fired = false;
  std::string why;  // "all conditions met", "not met: {...}", "not in effect on ..."
  std::vector<std::string> effects;  // "ministry_centre -> kemensos.sentra.alyatama as lead"
};

struct RoutingExplanation {
  std::vector<RuleTrace> rules;  // every rule, in evaluation order
  // The decision, or the error Route would return.
  Status status;
  RoutingDecision decision;
};

// Routes as Route does and reports every rule, fired or skipped, and why.
RoutingExplanation Explain(const CaseFacts& facts, const RuleSet& rules,
                           const AgencyRegistry& registry, Date on);

}  // namespace atensi

#endif  // ATENSI_ROUTING_ROUTER_H_
