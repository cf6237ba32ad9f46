// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The routing engine (see router.h for the semantics).
//
// What it encodes is the data in the rule set; the engine itself encodes two
// design rules from the 2020 Alyatama audience ([S6]): "the entry point is
// the child" and several agencies work one case without "sectoral ego", so a
// decision names one lead and any number of co-facilitators and informed
// parties; and from atensi.md §6.3/§8 that a case the regional programmes
// cannot handle falls through to the next competent agency, hence the ordered
// lead candidates.

#include "atensi/routing/router.h"

#include <algorithm>

namespace atensi {
namespace {

// Adds `inv` to the decision following the lead/merge rules.
void Apply(const Involvement& inv, RoutingDecision* d, bool* have_lead) {
  auto same = [&](const Involvement& x) { return x.agency_id == inv.agency_id; };
  auto it = std::find_if(d->involvements.begin(), d->involvements.end(), same);
  if (inv.role == InvolvementRole::kLead) {
    if (!*have_lead) {
      *have_lead = true;
      if (it != d->involvements.end()) {
        Involvement merged = inv;
        merged.activities |= it->activities;
        d->involvements.erase(it);
        d->involvements.insert(d->involvements.begin(), merged);
      } else {
        d->involvements.insert(d->involvements.begin(), inv);
      }
      return;
    }
    if (it != d->involvements.begin() || it == d->involvements.end()) {
      if (it != d->involvements.end()) it->activities |= inv.activities;
      if (std::none_of(d->lead_candidates.begin(), d->lead_candidates.end(), same)) {
        d->lead_candidates.push_back(inv);
      }
    } else {
      it->activities |= inv.activities;  // the lead itself, named again
    }
    return;
  }
  if (it != d->involvements.end()) {
    it->activities |= inv.activities;
    if (it->role == InvolvementRole::kInformed && inv.role == InvolvementRole::kCoFacilitator) {
      std::uint32_t acts = it->activities;
      *it = inv;
      it->activities = acts;
    }
    return;
  }
  d->involvements.push_back(inv);
}

Status RouteImpl(const CaseFacts& facts, const RuleSet& rules, const AgencyRegistry& registry,
                 Date on, RoutingDecision* d, RoutingExplanation* trace) {
  d->involvements.clear();
  d->lead_candidates.clear();
  d->unresolved.clear();
  d->storage.reset();
  d->on = on;
  if (d->rule_set_version != rules.version()) d->rule_set_version = rules.version();
  if (d->registry_version != registry.version()) d->registry_version = registry.version();
  if (!facts.domicile) {
    return InvalidArgument("routing.domicile_missing", "domicile",
                           "Routing needs the child's recorded domicile (never the NIK prefix, "
                           "atensi.md §13 rule 29).");
  }
  if (!rules.InEffect(on)) {
    return FailedPrecondition("routing.rules_not_effective", "on",
                              "The routing rule set is not in effect on the routing date.");
  }
  const RegionCode domicile = *facts.domicile;
  AmpkSet cats = facts.categories;
  if (facts.has_disability) cats.Add(AmpkCategory::kDisabilitas);
  bool have_lead = false;
  std::string_view stopped_by;
  auto rule_list = rules.rules();
  for (std::size_t i = 0; i < rule_list.size(); ++i) {
    const Rule& rule = rule_list[i];
    RuleTrace* t = nullptr;
    if (trace != nullptr) {
      trace->rules.push_back(RuleTrace{rule.id, rule.order, rule.line, false, {}, {}});
      t = &trace->rules.back();
    }
    if (!stopped_by.empty()) {
      if (t) t->why = "skipped: evaluation stopped by rule '" + std::string(stopped_by) + "'";
      continue;
    }
    if (!rule.InEffect(on)) {
      if (t) t->why = "skipped: not in effect on " + FormatIsoDate(on);
      continue;
    }
    if (!rules.Matches(i, facts)) {
      if (t) t->why = "skipped: " + rules.WhyNot(i, facts);
      continue;
    }
    if (t) {
      t->fired = true;
      t->why = "fired: all conditions met: " + rule.when_text;
    }
    for (const RuleAction& action : rule.actions) {
      const Agency* agency = nullptr;
      if (action.agency_type) {
        agency = registry.FindFirst(*action.agency_type, domicile, on, facts.age, cats);
      } else {
        agency = registry.FindById(action.agency_id);
        if (agency != nullptr && (!agency->InEffect(on) || !agency->accepts_new_cases ||
                                  !agency->services.Accepts(facts.age, cats))) {
          agency = nullptr;
        }
      }
      Involvement inv;
      inv.agency_type =
          agency ? agency->type
                 : (action.agency_type ? *action.agency_type : AgencyType::kRegencySocialService);
      inv.role = action.role;
      if (action.activity) inv.Add(*action.activity);
      inv.reason = action.reason;
      inv.rule_id = rule.id;
      inv.source = rule.source;
      if (agency == nullptr) {
        if (!action.agency_type) inv.agency_id = action.agency_id;  // named, but unavailable
        d->unresolved.push_back(inv);
        if (t) {
          t->effects.push_back(
              std::string(action.agency_type ? Name(*action.agency_type) : "agency") +
              (action.agency_type ? "" : " '" + action.agency_id + "'") +
              " -> unresolved: no agency in effect covers the domicile, takes new cases and "
              "accepts this child");
        }
        continue;
      }
      inv.agency_id = agency->id;
      bool was_lead = have_lead;
      Apply(inv, d, &have_lead);
      if (t) {
        std::string what = std::string(Name(agency->type)) + " -> " + agency->id + " as " +
                           std::string(Name(action.role));
        if (action.activity) what += " (" + std::string(Name(*action.activity)) + ")";
        if (action.role == InvolvementRole::kLead && was_lead &&
            d->lead().agency_id != agency->id) {
          what += ": lead already set, kept as fall-through candidate";
        }
        t->effects.push_back(std::move(what));
      }
    }
    if (rule.stop) stopped_by = rule.id;
  }
  if (!have_lead) {
    return FailedPrecondition("routing.no_lead", "rules",
                              "No rule produced a lead agency that covers the domicile on the "
                              "routing date; a case needs exactly one lead.");
  }
  return Status::Ok();
}

}  // namespace

const Involvement* RoutingDecision::Find(std::string_view agency_id) const {
  for (const auto& inv : involvements) {
    if (inv.agency_id == agency_id) return &inv;
  }
  return nullptr;
}

Status RouteInto(const CaseFacts& facts, const RuleSet& rules, const AgencyRegistry& registry,
                 Date on, RoutingDecision* out) {
  return RouteImpl(facts, rules, registry, on, out, nullptr);
}

Result<RoutingDecision> Route(const CaseFacts& facts, const RuleSet& rules,
                              const AgencyRegistry& registry, Date on) {
  RoutingDecision d;
  ATENSI_RETURN_IF_ERROR(RouteImpl(facts, rules, registry, on, &d, nullptr));
  return d;
}

RoutingExplanation Explain(const CaseFacts& facts, const RuleSet& rules,
                           const AgencyRegistry& registry, Date on) {
  RoutingExplanation e;
  e.status = RouteImpl(facts, rules, registry, on, &e.decision, &e);
  return e;
}

}  // namespace atensi
