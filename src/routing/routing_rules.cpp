// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Loading and compiling routing rules (format "atensi.routing_rules/1").
//
// Every condition is compiled into a flat array of nodes; an all/any node
// holds a range of child indices, a domicile_in node a range of region codes.
// Matching walks the nodes with integer and bit operations only. Each node
// also keeps its compact JSON text, used only to explain why a rule did not
// fire.

#include "atensi/routing/routing_rules.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>

#include "atensi/routing/agency_registry.h"
#include "base/json_lines.h"
#include "routing/embedded_data.h"

namespace atensi {

using json_internal::Child;
using json_internal::JsonErrors;
using json_internal::JsonLineIndex;
using nlohmann::json;

namespace {

constexpr std::string_view kFormat = "atensi.routing_rules/1";

constexpr std::array<std::pair<InvolvementRole, std::string_view>, 3> kRoles{{
    {InvolvementRole::kLead, "lead"},
    {InvolvementRole::kCoFacilitator, "co_facilitator"},
    {InvolvementRole::kInformed, "informed"},
}};

constexpr std::array<std::pair<Activity, std::string_view>, kActivityCount> kActivities{{
    {Activity::kChildCapacityBuilding, "child_capacity_building"},
    {Activity::kFamilyCapacityBuilding, "family_capacity_building"},
    {Activity::kCivilRegistration, "civil_registration"},
    {Activity::kDisabilityAssistance, "disability_assistance"},
    {Activity::kProtectionServices, "protection_services"},
    {Activity::kJusticeProcess, "justice_process"},
    {Activity::kDtsenRegistration, "dtsen_registration"},
    {Activity::kResidentialRehabilitation, "residential_rehabilitation"},
    {Activity::kCaseManagement, "case_management"},
}};

enum class Op : std::uint8_t {
  kAll,
  kAny,
  kNot,
  kAlways,
  kCategoryIn,
  kAgeBetween,
  kHasDisability,
  kPkhParticipant,
  kHasNik,
  kHasBirthCertificate,
  kDtsenRegistered,
  kDecileMax,
  kEconomicHardship,
  kResidentialNeed,
  kNapzaOrHiv,
  kAbh,
  kDisaster,
  kDomicileIn,
  kRiskAtLeast,
  kProgrammeOutcome,
};

constexpr std::array<std::pair<Op, std::string_view>, 11> kBoolPredicates{{
    {Op::kHasDisability, "has_disability"},
    {Op::kPkhParticipant, "pkh_participant"},
    {Op::kHasNik, "has_nik"},
    {Op::kHasBirthCertificate, "has_birth_certificate"},
    {Op::kDtsenRegistered, "dtsen_registered"},
    {Op::kEconomicHardship, "economic_hardship"},
    {Op::kResidentialNeed, "residential_need"},
    {Op::kNapzaOrHiv, "napza_or_hiv"},
    {Op::kAbh, "abh"},
    {Op::kDisaster, "disaster"},
    {Op::kAlways, "always"},
}};

struct Node {
  Op op = Op::kAlways;
  bool expect = true;       // boolean predicates: the value the fact must have
  std::uint32_t first = 0;  // all/any: first index in children; domicile_in: first region
  std::uint32_t count = 0;
  int lo = 0;  // age_between lo, decile_max, risk_at_least, programme (0 = any)
  int hi = 0;  // age_between hi, programme outcome
  AmpkSet cats;
  std::string text;  // compact JSON of this node
};

// All compiled conditions of a rule set.
struct Conditions {
  std::vector<Node> nodes;
  std::vector<std::uint32_t> children;
  std::vector<RegionCode> regions;

  bool Eval(std::uint32_t n, const CaseFacts& f) const noexcept {
    const Node& node = nodes[n];
    switch (node.op) {
      case Op::kAll:
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (!Eval(children[node.first + i], f)) return false;
        }
        return true;
      case Op::kAny:
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (Eval(children[node.first + i], f)) return true;
        }
        return false;
      case Op::kNot:
        return !Eval(children[node.first], f);
      case Op::kAlways:
        return node.expect;
      case Op::kCategoryIn:
        return f.categories.HasAny(node.cats);
      case Op::kAgeBetween:
        return f.age >= node.lo && f.age <= node.hi;
      case Op::kHasDisability:
        return f.Disabled() == node.expect;
      case Op::kPkhParticipant:
        return f.pkh_participant == node.expect;
      case Op::kHasNik:
        return f.has_nik == node.expect;
      case Op::kHasBirthCertificate:
        return f.has_birth_certificate == node.expect;
      case Op::kDtsenRegistered:
        return f.dtsen_decile.has_value() == node.expect;
      case Op::kDecileMax:
        return f.dtsen_decile.has_value() && *f.dtsen_decile <= node.lo;
      case Op::kEconomicHardship:
        return f.economic_hardship == node.expect;
      case Op::kResidentialNeed:
        return f.residential_need == node.expect;
      case Op::kNapzaOrHiv:
        return f.NapzaOrHiv() == node.expect;
      case Op::kAbh:
        return f.Abh() == node.expect;
      case Op::kDisaster:
        return f.disaster.has_value() == node.expect;
      case Op::kDomicileIn:
        if (!f.domicile) return false;
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (regions[node.first + i].Contains(*f.domicile)) return true;
        }
        return false;
      case Op::kRiskAtLeast:
        return static_cast<int>(f.risk) >= node.lo;
      case Op::kProgrammeOutcome:
        for (const auto& p : f.programmes_tried) {
          if ((node.lo == 0 || static_cast<int>(p.programme) == node.lo) &&
              static_cast<int>(p.outcome) == node.hi) {
            return true;
          }
        }
        return false;
    }
    return false;
  }

  // Empty when node `n` holds; otherwise the reason it does not.
  std::string Why(std::uint32_t n, const CaseFacts& f) const {
    if (Eval(n, f)) return {};
    const Node& node = nodes[n];
    switch (node.op) {
      case Op::kAll:
        for (std::uint32_t i = 0; i < node.count; ++i) {
          std::string w = Why(children[node.first + i], f);
          if (!w.empty()) return w;
        }
        return {};
      case Op::kAny: {
        std::string w = "none met of: ";
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (i > 0) w += ", ";
          w += nodes[children[node.first + i]].text;
        }
        return w;
      }
      case Op::kNot:
        return "excluded because " + nodes[children[node.first]].text + " holds";
      default:
        return "not met: " + node.text;
    }
  }
};

class Compiler {
 public:
  Compiler(const JsonErrors& err, Conditions* impl) : err_(err), impl_(impl) {}

  Result<std::uint32_t> Compile(const json& c, const std::string& ptr, int depth) {
    if (depth > 32) return err_.Error(ptr, "condition_depth", "condition nested too deeply");
    if (!c.is_object() || c.size() != 1) {
      return err_.Error(
          ptr, "condition",
          "a condition is an object with exactly one key (a predicate or all/any/not)");
    }
    const std::string key = c.begin().key();
    const json& v = c.begin().value();
    const std::string vptr = Child(ptr, key);
    Node node;
    node.text = c.dump();
    if (key == "all" || key == "any") {
      node.op = key == "all" ? Op::kAll : Op::kAny;
      if (!v.is_array() || v.empty()) {
        return err_.Error(vptr, "condition", "'" + key + "' needs a non-empty list of conditions");
      }
      std::vector<std::uint32_t> kids;
      for (std::size_t i = 0; i < v.size(); ++i) {
        ATENSI_ASSIGN_OR_RETURN(std::uint32_t k, Compile(v[i], Child(vptr, i), depth + 1));
        kids.push_back(k);
      }
      node.first = static_cast<std::uint32_t>(impl_->children.size());
      node.count = static_cast<std::uint32_t>(kids.size());
      impl_->children.insert(impl_->children.end(), kids.begin(), kids.end());
    } else if (key == "not") {
      node.op = Op::kNot;
      ATENSI_ASSIGN_OR_RETURN(std::uint32_t k, Compile(v, vptr, depth + 1));
      node.first = static_cast<std::uint32_t>(impl_->children.size());
      node.count = 1;
      impl_->children.push_back(k);
    } else if (auto b = BoolOp(key)) {
      node.op = *b;
      if (!v.is_boolean()) {
        return err_.Error(vptr, "condition", "'" + key + "' takes true or false");
      }
      node.expect = v.get<bool>();
    } else if (key == "category_in") {
      node.op = Op::kCategoryIn;
      if (!v.is_array() || v.empty()) {
        return err_.Error(vptr, "condition", "'category_in' needs a non-empty list of categories");
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        auto cat = v[i].is_string() ? ParseAmpkCategory(v[i].get<std::string>()) : std::nullopt;
        if (!cat) {
          return err_.Error(Child(vptr, i), "category_unknown",
                            "unknown AMPK category (UU 35/2014 art 59(2) lists 15)");
        }
        node.cats.Add(*cat);
      }
    } else if (key == "age_between") {
      node.op = Op::kAgeBetween;
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() ||
          !v[1].is_number_integer()) {
        return err_.Error(vptr, "condition", "'age_between' takes [min, max] in whole years");
      }
      auto lo = v[0].get<std::int64_t>();
      auto hi = v[1].get<std::int64_t>();
      if (lo < 0 || hi > 17 || lo > hi) {
        return err_.Error(vptr, "age_range", "'age_between' must satisfy 0 <= min <= max <= 17");
      }
      node.lo = static_cast<int>(lo);
      node.hi = static_cast<int>(hi);
    } else if (key == "decile_max") {
      node.op = Op::kDecileMax;
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 10) {
        return err_.Error(vptr, "condition", "'decile_max' takes a DTSEN decile 1-10");
      }
      node.lo = static_cast<int>(v.get<std::int64_t>());
    } else if (key == "domicile_in") {
      node.op = Op::kDomicileIn;
      if (!v.is_array() || v.empty()) {
        return err_.Error(vptr, "condition",
                          "'domicile_in' needs a non-empty list of region codes");
      }
      node.first = static_cast<std::uint32_t>(impl_->regions.size());
      for (std::size_t i = 0; i < v.size(); ++i) {
        auto code = v[i].is_string() ? RegionCode::Parse(v[i].get<std::string>())
                                     : Result<RegionCode>(InvalidArgument("", "", "x"));
        if (!code.ok()) {
          return err_.Error(Child(vptr, i), "region_format", "malformed region code");
        }
        impl_->regions.push_back(*code);
      }
      node.count = static_cast<std::uint32_t>(v.size());
    } else if (key == "risk_at_least") {
      node.op = Op::kRiskAtLeast;
      auto risk = v.is_string() ? ParseRiskLevel(v.get<std::string>()) : std::nullopt;
      if (!risk) return err_.Error(vptr, "condition", "'risk_at_least' takes low, medium or high");
      node.lo = static_cast<int>(*risk);
    } else if (key == "programme_outcome") {
      node.op = Op::kProgrammeOutcome;
      if (!v.is_object()) {
        return err_.Error(vptr, "condition",
                          "'programme_outcome' takes {\"programme\": ..., \"outcome\": ...}");
      }
      ATENSI_RETURN_IF_ERROR(err_.OnlyKeys(v, vptr, {"programme", "outcome"}));
      std::string prog;
      std::string outcome;
      ATENSI_RETURN_IF_ERROR(err_.String(v, vptr, "programme", &prog, true));
      ATENSI_RETURN_IF_ERROR(err_.String(v, vptr, "outcome", &outcome, true));
      if (prog != "any") {
        auto p = ParseProgramme(prog);
        if (!p) {
          return err_.Error(Child(vptr, "programme"), "programme_unknown",
                            "unknown programme '" + prog + "'");
        }
        node.lo = static_cast<int>(*p);
      }
      auto o = ParseProgrammeOutcome(outcome);
      if (!o) {
        return err_.Error(Child(vptr, "outcome"), "outcome_unknown",
                          "outcome must be handled, not_handled or ongoing");
      }
      node.hi = static_cast<int>(*o);
    } else {
      return err_.Error(vptr, "predicate_unknown", "unknown predicate '" + key + "'");
    }
    impl_->nodes.push_back(std::move(node));
    return static_cast<std::uint32_t>(impl_->nodes.size() - 1);
  }

 private:
  static std::optional<Op> BoolOp(std::string_view key) {
    for (const auto& [op, name] : kBoolPredicates) {
      if (name == key) return op;
    }
    return std::nullopt;
  }

  const JsonErrors& err_;
  Conditions* impl_;
};

bool ValidRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status ParseAction(const JsonErrors& err, const json& a, const std::string& ptr, RuleAction* out) {
  if (!a.is_object()) return err.Error(ptr, "action", "an action must be an object");
  ATENSI_RETURN_IF_ERROR(err.OnlyKeys(a, ptr, {"involve", "role", "activity", "reason"}));
  auto inv = a.find("involve");
  if (inv == a.end() || !inv->is_object() || inv->size() != 1) {
    return err.Error(ptr, "action_involve",
                     "an action needs \"involve\": {\"type\": ...} or {\"agency\": ...}");
  }
  std::string iptr = Child(ptr, "involve");
  if (inv->contains("type")) {
    std::string t;
    ATENSI_RETURN_IF_ERROR(err.String(*inv, iptr, "type", &t, true));
    out->agency_type = ParseAgencyType(t);
    if (!out->agency_type) {
      return err.Error(Child(iptr, "type"), "agency_type_unknown",
                       "unknown agency type '" + t + "'");
    }
  } else if (inv->contains("agency")) {
    ATENSI_RETURN_IF_ERROR(err.String(*inv, iptr, "agency", &out->agency_id, true));
    if (out->agency_id.empty()) return err.Error(iptr, "action_involve", "empty agency id");
  } else {
    return err.Error(iptr, "action_involve", "involve needs 'type' or 'agency'");
  }
  std::string text;
  ATENSI_RETURN_IF_ERROR(err.String(a, ptr, "role", &text, true));
  auto role = ParseInvolvementRole(text);
  if (!role) {
    return err.Error(Child(ptr, "role"), "role_unknown",
                     "role must be lead, co_facilitator or informed");
  }
  out->role = *role;
  text.clear();
  ATENSI_RETURN_IF_ERROR(err.String(a, ptr, "activity", &text, false));
  if (!text.empty()) {
    out->activity = ParseActivity(text);
    if (!out->activity) {
      return err.Error(Child(ptr, "activity"), "activity_unknown",
                       "unknown activity '" + text + "'");
    }
  }
  ATENSI_RETURN_IF_ERROR(err.String(a, ptr, "reason", &out->reason, true));
  if (out->reason.empty()) return err.Error(Child(ptr, "reason"), "reason_missing", "empty reason");
  return Status::Ok();
}

}  // namespace

struct RuleSet::Impl {
  std::string version;
  Date effective_from{1900, 1, 1};
  std::optional<Date> effective_to;
  std::vector<Rule> rules;
  std::vector<std::uint32_t> roots;  // per rule, its condition node
  Conditions cond;
};

std::string_view Name(InvolvementRole v) noexcept {
  for (const auto& [k, n] : kRoles) {
    if (k == v) return n;
  }
  return "unknown";
}
std::string_view Name(Activity v) noexcept {
  for (const auto& [k, n] : kActivities) {
    if (k == v) return n;
  }
  return "unknown";
}
std::optional<InvolvementRole> ParseInvolvementRole(std::string_view s) noexcept {
  for (const auto& [k, n] : kRoles) {
    if (n == s) return k;
  }
  return std::nullopt;
}
std::optional<Activity> ParseActivity(std::string_view s) noexcept {
  for (const auto& [k, n] : kActivities) {
    if (n == s) return k;
  }
  return std::nullopt;
}

RuleSet::RuleSet() : impl_(std::make_unique<Impl>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

Result<RuleSet> RuleSet::FromJson(std::string_view json_text) {
  JsonLineIndex index(json_text);
  ATENSI_ASSIGN_OR_RETURN(json doc,
                          json_internal::ParseJsonText(json_text, index, "routing_rules"));
  JsonErrors err(index, "routing_rules");
  if (!doc.is_object()) return err.Error("", "type", "the rule set must be a JSON object");
  ATENSI_RETURN_IF_ERROR(err.OnlyKeys(
      doc, "", {"format", "version", "effective_from", "effective_to", "source", "note", "rules"}));
  std::string format;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "format", &format, true));
  if (format != kFormat) {
    return err.Error("/format", "format", "format must be \"atensi.routing_rules/1\"");
  }
  RuleSet set;
  Impl& impl = *set.impl_;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "version", &impl.version, true));
  std::optional<Date> from;
  ATENSI_RETURN_IF_ERROR(err.OptDate(doc, "", "effective_from", &from));
  if (!from) return err.Error("", "missing_field", "missing required field 'effective_from'");
  impl.effective_from = *from;
  ATENSI_RETURN_IF_ERROR(err.OptDate(doc, "", "effective_to", &impl.effective_to));
  if (!doc.contains("rules") || !doc["rules"].is_array()) {
    return err.Error("", "missing_field", "missing list 'rules'");
  }
  const json& list = doc["rules"];
  std::unordered_map<std::string, int> seen;  // id -> line
  Compiler compiler(err, &impl.cond);
  std::vector<std::pair<Rule, std::uint32_t>> staged;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ptr = Child("/rules", i);
    const json& r = list[i];
    err.set_entity("rule #" + std::to_string(i));
    if (!r.is_object()) return err.Error(ptr, "type", "a rule must be an object");
    Rule rule;
    rule.line = index.LineOf(ptr);
    ATENSI_RETURN_IF_ERROR(err.String(r, ptr, "id", &rule.id, true));
    if (!ValidRuleId(rule.id)) {
      return err.Error(Child(ptr, "id"), "id_format",
                       "rule id must be 1-64 characters of a-z, 0-9, '.', '_' or '-'");
    }
    err.set_entity("rule '" + rule.id + "'");
    if (seen.contains(rule.id)) {
      return err.Error(
          Child(ptr, "id"), "duplicate_id",
          "rule id is used twice (first at line " + std::to_string(seen[rule.id]) + ")");
    }
    seen.emplace(rule.id, rule.line);
    ATENSI_RETURN_IF_ERROR(err.OnlyKeys(r, ptr,
                                        {"id", "description", "source", "order", "effective_from",
                                         "effective_to", "when", "actions", "stop", "note"}));
    ATENSI_RETURN_IF_ERROR(err.String(r, ptr, "description", &rule.description, true));
    ATENSI_RETURN_IF_ERROR(err.String(r, ptr, "source", &rule.source, true));
    if (rule.source.empty()) {
      return err.Error(Child(ptr, "source"), "source_missing", "every rule must cite its source");
    }
    ATENSI_RETURN_IF_ERROR(err.Int(r, ptr, "order", &rule.order, true, 0, 1000000));
    std::optional<Date> rfrom;
    ATENSI_RETURN_IF_ERROR(err.OptDate(r, ptr, "effective_from", &rfrom));
    if (rfrom) rule.effective_from = *rfrom;
    ATENSI_RETURN_IF_ERROR(err.OptDate(r, ptr, "effective_to", &rule.effective_to));
    if (rule.effective_to && *rule.effective_to < rule.effective_from) {
      return err.Error(Child(ptr, "effective_to"), "effective_dates",
                       "effective_to is before effective_from");
    }
    ATENSI_RETURN_IF_ERROR(err.Bool(r, ptr, "stop", &rule.stop, false));
    if (!r.contains("when")) return err.Error(ptr, "missing_field", "missing 'when' condition");
    ATENSI_ASSIGN_OR_RETURN(std::uint32_t root, compiler.Compile(r["when"], Child(ptr, "when"), 0));
    rule.when_text = r["when"].dump();
    auto acts = r.find("actions");
    if (acts == r.end() || !acts->is_array() || acts->empty()) {
      return err.Error(ptr, "actions", "a rule needs a non-empty list 'actions'");
    }
    for (std::size_t k = 0; k < acts->size(); ++k) {
      RuleAction action;
      ATENSI_RETURN_IF_ERROR(
          ParseAction(err, (*acts)[k], Child(Child(ptr, "actions"), k), &action));
      rule.actions.push_back(std::move(action));
    }
    staged.emplace_back(std::move(rule), root);
  }
  std::stable_sort(staged.begin(), staged.end(),
                   [](const auto& a, const auto& b) { return a.first.order < b.first.order; });
  for (auto& [rule, root] : staged) {
    impl.rules.push_back(std::move(rule));
    impl.roots.push_back(root);
  }
  return set;
}

std::string_view RuleSet::DefaultJson() noexcept { return routing_internal::EmbeddedRulesJson(); }
Result<RuleSet> RuleSet::Default() { return FromJson(DefaultJson()); }

const std::string& RuleSet::version() const noexcept { return impl_->version; }
Date RuleSet::effective_from() const noexcept { return impl_->effective_from; }
const std::optional<Date>& RuleSet::effective_to() const noexcept { return impl_->effective_to; }
bool RuleSet::InEffect(Date on) const noexcept {
  return on >= impl_->effective_from && (!impl_->effective_to || on <= *impl_->effective_to);
}
std::span<const Rule> RuleSet::rules() const noexcept { return impl_->rules; }

const Rule* RuleSet::FindRule(std::string_view id) const noexcept {
  for (const auto& r : impl_->rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool RuleSet::Matches(std::size_t index, const CaseFacts& facts) const noexcept {
  return impl_->cond.Eval(impl_->roots[index], facts);
}

std::string RuleSet::WhyNot(std::size_t index, const CaseFacts& facts) const {
  return impl_->cond.Why(impl_->roots[index], facts);
}

Status RuleSet::CheckAgainst(const AgencyRegistry& registry) const {
  for (const auto& rule : impl_->rules) {
    for (const auto& a : rule.actions) {
      if (!a.agency_id.empty() && registry.FindById(a.agency_id) == nullptr) {
        return FailedPrecondition("routing_rules.agency_unknown", "actions",
                                  "line " + std::to_string(rule.line) + ", rule '" + rule.id +
                                      "': agency '" + a.agency_id +
                                      "' is not in the agency registry");
      }
    }
  }
  return Status::Ok();
}

}  // namespace atensi
