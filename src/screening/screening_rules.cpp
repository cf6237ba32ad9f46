// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/screening/screening_rules.h"

#include <algorithm>

#include "base/json_lines.h"
#include "screening/embedded_rules.h"

namespace atensi {

using json_internal::Child;
using json_internal::JsonErrors;
using json_internal::JsonLineIndex;
using nlohmann::json;

namespace {

enum class Op : std::uint8_t {
  kAll,
  kAny,
  kNot,
  kProblemIn,
  kAgeBetween,
  kSchoolIn,
  kBirthCertificate,
  kHasNik,
  kDisability,
  kDisabilityAssisted,
  kPkh,
  kDtsenRegistered,
  kDecileMax,
  kSex
};

// School participation as a bit: never, attending, no_longer, unknown.
constexpr std::uint32_t kSchoolUnknownBit = 1u << 3;

struct Node {
  Op op = Op::kAll;
  std::vector<std::size_t> kids;  // for all/any/not
  std::uint32_t mask = 0;         // problem or school bit set
  int lo = 0, hi = 0;             // age range, decile max
  bool flag = false;              // boolean predicates
  Sex sex = Sex::kMale;
};

// Facts of one row, computed once per Screen call.
struct Facts {
  int age = 0;
  std::uint32_t problems = 0;
  std::uint32_t school = 0;
  const RosterRecord* row = nullptr;
};

}  // namespace

struct ScreeningRuleSet::Impl {
  std::string version;
  Date effective_from{2020, 1, 1};
  std::vector<ScreeningRule> rules;
  std::vector<std::optional<Date>> rule_from, rule_to;
  std::vector<std::size_t> roots;  // condition root per rule
  std::vector<Node> nodes;

  bool Eval(std::size_t i, const Facts& f) const {
    const Node& n = nodes[i];
    const RosterRecord& r = *f.row;
    switch (n.op) {
      case Op::kAll:
        return std::all_of(n.kids.begin(), n.kids.end(), [&](std::size_t k) { return Eval(k, f); });
      case Op::kAny:
        return std::any_of(n.kids.begin(), n.kids.end(), [&](std::size_t k) { return Eval(k, f); });
      case Op::kNot:
        return !Eval(n.kids[0], f);
      case Op::kProblemIn:
        return (f.problems & n.mask) != 0;
      case Op::kAgeBetween:
        return f.age >= n.lo && f.age <= n.hi;
      case Op::kSchoolIn:
        return (f.school & n.mask) != 0;
      case Op::kBirthCertificate:
        return r.has_birth_certificate.has_value() && *r.has_birth_certificate == n.flag;
      case Op::kHasNik:
        return r.nik.has_value() == n.flag;
      case Op::kDisability:
        return r.has_disability() == n.flag;
      case Op::kDisabilityAssisted:
        return r.disability_assisted.has_value() && *r.disability_assisted == n.flag;
      case Op::kPkh:
        return r.is_pkh() == n.flag;
      case Op::kDtsenRegistered:
        return r.dtsen_decile.has_value() == n.flag;
      case Op::kDecileMax:
        return r.dtsen_decile.has_value() && *r.dtsen_decile <= n.hi;
      case Op::kSex:
        return r.sex == n.sex;
    }
    return false;
  }
};

namespace {

class Compiler {
 public:
  Compiler(const JsonErrors& err, std::vector<Node>& nodes) : err_(err), nodes_(nodes) {}

  Result<std::size_t> Compile(const json& c, const std::string& ptr) {
    if (!c.is_object() || c.empty()) {
      return err_.Error(ptr, "condition", "a condition must be a non-empty JSON object");
    }
    if (c.size() > 1) {  // several keys: implicit all
      Node all;
      all.op = Op::kAll;
      for (auto it = c.begin(); it != c.end(); ++it) {
        ATENSI_ASSIGN_OR_RETURN(std::size_t k,
                                CompileOne(it.key(), it.value(), Child(ptr, it.key())));
        all.kids.push_back(k);
      }
      nodes_.push_back(std::move(all));
      return nodes_.size() - 1;
    }
    return CompileOne(c.begin().key(), c.begin().value(), Child(ptr, c.begin().key()));
  }

 private:
  Result<bool> Bool(const json& v, const std::string& ptr, std::string_view key) {
    if (!v.is_boolean()) {
      return err_.Error(ptr, "type", "'" + std::string(key) + "' takes true or false");
    }
    return v.get<bool>();
  }

  Result<std::size_t> CompileOne(const std::string& key, const json& v, const std::string& ptr) {
    Node n;
    if (key == "all" || key == "any") {
      n.op = key == "all" ? Op::kAll : Op::kAny;
      if (!v.is_array() || v.empty()) {
        return err_.Error(ptr, "type", "'" + key + "' takes a non-empty array of conditions");
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        ATENSI_ASSIGN_OR_RETURN(std::size_t k, Compile(v[i], Child(ptr, i)));
        n.kids.push_back(k);
      }
    } else if (key == "not") {
      n.op = Op::kNot;
      ATENSI_ASSIGN_OR_RETURN(std::size_t k, Compile(v, ptr));
      n.kids.push_back(k);
    } else if (key == "problem_in") {
      n.op = Op::kProblemIn;
      if (!v.is_array() || v.empty()) {
        return err_.Error(ptr, "type", "'problem_in' takes a non-empty array of problem codes");
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        auto p = v[i].is_string() ? ParseReportedProblem(v[i].get<std::string>()) : std::nullopt;
        if (!p) {
          return err_.Error(Child(ptr, i), "problem",
                            "unknown problem code (see docs/roster-format.md)");
        }
        n.mask |= 1u << static_cast<unsigned>(*p);
      }
    } else if (key == "age_between") {
      n.op = Op::kAgeBetween;
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() ||
          !v[1].is_number_integer() || v[0].get<int>() < 0 || v[1].get<int>() > 17 ||
          v[0].get<int>() > v[1].get<int>()) {
        return err_.Error(ptr, "age_between",
                          "'age_between' takes [lo, hi] with 0 <= lo <= hi <= 17 (children only, "
                          "UU 35/2014 art 1(1))");
      }
      n.lo = v[0].get<int>();
      n.hi = v[1].get<int>();
    } else if (key == "school_in") {
      n.op = Op::kSchoolIn;
      if (!v.is_array() || v.empty()) {
        return err_.Error(ptr, "type", "'school_in' takes a non-empty array");
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::string s = v[i].is_string() ? v[i].get<std::string>() : "";
        if (s == "never") {
          n.mask |= 1u << 0;
        } else if (s == "attending") {
          n.mask |= 1u << 1;
        } else if (s == "no_longer") {
          n.mask |= 1u << 2;
        } else if (s == "unknown") {
          n.mask |= kSchoolUnknownBit;
        } else {
          return err_.Error(Child(ptr, i), "school",
                            "school values are never, attending, no_longer, unknown");
        }
      }
    } else if (key == "decile_max") {
      n.op = Op::kDecileMax;
      if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 10) {
        return err_.Error(ptr, "decile_max", "'decile_max' takes a DTSEN decile 1-10");
      }
      n.hi = v.get<int>();
    } else if (key == "sex") {
      n.op = Op::kSex;
      auto s = v.is_string() ? ParseSex(v.get<std::string>()) : std::nullopt;
      if (!s) return err_.Error(ptr, "sex", "'sex' takes \"M\" or \"F\"");
      n.sex = *s;
    } else {
      static const std::pair<const char*, Op> kBoolOps[] = {
          {"birth_certificate", Op::kBirthCertificate},
          {"has_nik", Op::kHasNik},
          {"disability", Op::kDisability},
          {"disability_assisted", Op::kDisabilityAssisted},
          {"pkh", Op::kPkh},
          {"dtsen_registered", Op::kDtsenRegistered}};
      bool known = false;
      for (const auto& [name, op] : kBoolOps) {
        if (key == name) {
          n.op = op;
          ATENSI_ASSIGN_OR_RETURN(n.flag, Bool(v, ptr, key));
          known = true;
        }
      }
      if (!known) return err_.Error(ptr, "predicate", "unknown predicate '" + key + "'");
    }
    nodes_.push_back(std::move(n));
    return nodes_.size() - 1;
  }

  const JsonErrors& err_;
  std::vector<Node>& nodes_;
};

}  // namespace

ScreeningRuleSet::ScreeningRuleSet() : impl_(std::make_unique<Impl>()) {}
ScreeningRuleSet::ScreeningRuleSet(ScreeningRuleSet&&) noexcept = default;
ScreeningRuleSet& ScreeningRuleSet::operator=(ScreeningRuleSet&&) noexcept = default;
ScreeningRuleSet::~ScreeningRuleSet() = default;

const std::string& ScreeningRuleSet::version() const { return impl_->version; }
Date ScreeningRuleSet::effective_from() const { return impl_->effective_from; }
const std::vector<ScreeningRule>& ScreeningRuleSet::rules() const { return impl_->rules; }

Result<ScreeningRuleSet> ScreeningRuleSet::Load(std::string_view json_text) {
  JsonLineIndex index(json_text);
  ATENSI_ASSIGN_OR_RETURN(json doc,
                          json_internal::ParseJsonText(json_text, index, "screening_rules"));
  JsonErrors err(index, "screening_rules");
  if (!doc.is_object()) return err.Error("", "type", "the rule file must be a JSON object");
  ATENSI_RETURN_IF_ERROR(
      err.OnlyKeys(doc, "", {"format", "version", "effective_from", "source", "note", "rules"}));
  std::string format;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "format", &format, true));
  if (format != "atensi.screening_rules/1") {
    return err.Error("/format", "format", "format must be \"atensi.screening_rules/1\"");
  }
  ScreeningRuleSet set;
  Impl& impl = *set.impl_;
  ATENSI_RETURN_IF_ERROR(err.String(doc, "", "version", &impl.version, true));
  std::optional<Date> from;
  ATENSI_RETURN_IF_ERROR(err.OptDate(doc, "", "effective_from", &from));
  if (!from) return err.Error("/effective_from", "effective_from", "effective_from is required");
  impl.effective_from = *from;
  if (!doc.contains("rules") || !doc["rules"].is_array() || doc["rules"].empty()) {
    return err.Error("/rules", "rules", "'rules' must be a non-empty array");
  }
  const json& rules = doc["rules"];
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::string ptr = Child("/rules", i);
    const json& r = rules[i];
    if (!r.is_object()) return err.Error(ptr, "type", "a rule must be an object");
    JsonErrors rerr(index, "screening_rules");
    std::string id = r.contains("id") && r["id"].is_string() ? r["id"].get<std::string>() : "";
    rerr.set_entity("rule '" + id + "'");
    ATENSI_RETURN_IF_ERROR(rerr.OnlyKeys(
        r, ptr, {"id", "description", "source", "effective_from", "effective_to", "when", "then"}));
    ScreeningRule rule;
    ATENSI_RETURN_IF_ERROR(rerr.String(r, ptr, "id", &rule.id, true));
    for (const auto& other : impl.rules) {
      if (other.id == rule.id) {
        return rerr.Error(Child(ptr, "id"), "duplicate_id", "duplicate rule id");
      }
    }
    ATENSI_RETURN_IF_ERROR(rerr.String(r, ptr, "description", &rule.description, true));
    ATENSI_RETURN_IF_ERROR(rerr.String(r, ptr, "source", &rule.source, true));
    if (rule.source.empty()) {
      return rerr.Error(Child(ptr, "source"), "source", "every rule must cite its source");
    }
    std::optional<Date> rfrom, rto;
    ATENSI_RETURN_IF_ERROR(rerr.OptDate(r, ptr, "effective_from", &rfrom));
    ATENSI_RETURN_IF_ERROR(rerr.OptDate(r, ptr, "effective_to", &rto));
    if (!r.contains("when")) return rerr.Error(ptr, "when", "a rule needs a 'when' condition");
    Compiler compiler(rerr, impl.nodes);
    ATENSI_ASSIGN_OR_RETURN(std::size_t root, compiler.Compile(r["when"], Child(ptr, "when")));

    std::string tptr = Child(ptr, "then");
    if (!r.contains("then") || !r["then"].is_object()) {
      return rerr.Error(tptr, "then", "a rule needs a 'then' object");
    }
    const json& then = r["then"];
    ATENSI_RETURN_IF_ERROR(rerr.OnlyKeys(then, tptr, {"ampk", "ppks", "risk", "open_case"}));
    if (then.contains("ampk")) {
      if (!then["ampk"].is_array()) {
        return rerr.Error(Child(tptr, "ampk"), "type", "'ampk' is an array");
      }
      for (std::size_t k = 0; k < then["ampk"].size(); ++k) {
        const json& a = then["ampk"][k];
        auto c = a.is_string() ? ParseAmpkCategory(a.get<std::string>()) : std::nullopt;
        if (!c) {
          return rerr.Error(Child(Child(tptr, "ampk"), k), "ampk",
                            "unknown AMPK category (UU 35/2014 art 59(2); vocabulary.h names)");
        }
        rule.ampk.Add(*c);
      }
    }
    if (then.contains("ppks")) {
      if (!then["ppks"].is_array()) {
        return rerr.Error(Child(tptr, "ppks"), "type", "'ppks' is an array");
      }
      for (std::size_t k = 0; k < then["ppks"].size(); ++k) {
        const json& a = then["ppks"][k];
        auto p = a.is_string() ? ParseChildPpksType(a.get<std::string>()) : std::nullopt;
        if (!p) return rerr.Error(Child(Child(tptr, "ppks"), k), "ppks", "unknown child PPKS type");
        rule.ppks.push_back(*p);
      }
    }
    std::string risk;
    ATENSI_RETURN_IF_ERROR(rerr.String(then, tptr, "risk", &risk, true));
    auto rl = ParseRiskLevel(risk);
    if (!rl) return rerr.Error(Child(tptr, "risk"), "risk", "risk is low, medium or high");
    rule.risk = *rl;
    ATENSI_RETURN_IF_ERROR(rerr.Bool(then, tptr, "open_case", &rule.open_case, true));

    impl.rules.push_back(std::move(rule));
    impl.rule_from.push_back(rfrom);
    impl.rule_to.push_back(rto);
    impl.roots.push_back(root);
  }
  return set;
}

const ScreeningRuleSet& ScreeningRuleSet::Default() {
  static const ScreeningRuleSet* kDefault = [] {
    auto loaded = Load(screening_internal::DefaultScreeningRulesJson());
    // The shipped file is validated by the tests; failing here is a build defect.
    if (!loaded.ok()) std::abort();
    return new ScreeningRuleSet(std::move(loaded).value());
  }();
  return *kDefault;
}

ScreeningResult ScreeningRuleSet::Screen(const RosterRecord& row, Date at) const {
  ScreeningResult out;
  int age = AgeInYears(row.birth_date, at);
  if (age < 0 || !IsChildAt(row.birth_date, at)) return out;  // UU 35/2014 art 1(1)
  out.screened = true;
  Facts f;
  f.age = age;
  f.row = &row;
  for (ReportedProblem p : row.problems) f.problems |= 1u << static_cast<unsigned>(p);
  f.school = row.school ? (1u << static_cast<unsigned>(*row.school)) : kSchoolUnknownBit;
  if (at < impl_->effective_from) return out;
  for (std::size_t i = 0; i < impl_->rules.size(); ++i) {
    if (impl_->rule_from[i] && at < *impl_->rule_from[i]) continue;
    if (impl_->rule_to[i] && at > *impl_->rule_to[i]) continue;
    if (!impl_->Eval(impl_->roots[i], f)) continue;
    const ScreeningRule& rule = impl_->rules[i];
    out.matched.push_back(&rule);
    out.ampk = AmpkSet::FromBits(out.ampk.bits() | rule.ampk.bits());
    for (ChildPpksType p : rule.ppks) {
      if (std::find(out.ppks.begin(), out.ppks.end(), p) == out.ppks.end()) out.ppks.push_back(p);
    }
    if (!out.risk || static_cast<int>(rule.risk) > static_cast<int>(*out.risk)) {
      out.risk = rule.risk;
    }
    out.open_case = out.open_case || rule.open_case;
  }
  return out;
}

}  // namespace atensi
