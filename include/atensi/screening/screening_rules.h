// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Screening a PKH/DTKS roster for children who need help.
//
// "The number of children in PKH is very large and not a few of them are also
// experiencing problems" (PKH regional coordinator, Jambi, 1 Sep 2020 [S6]).
// Screening turns roster rows into case openings. It is data, like routing: a
// versioned, effective-dated JSON rule set (data/rules/screening-default.json)
// whose rules each cite their source. A rule has a condition over the row's
// facts and says what it implies: AMPK categories (UU 35/2014 art 59(2)),
// other child PPKS types (PP 39/2012 art 6(1); ATENSI Anak target groups),
// a risk level, and whether a case is opened with source PKH screening.
//
// Only children are screened: age under 18 at the reference date
// (UU 35/2014 art 1(1)). Adults in the roster are skipped.
//
// Condition language (a JSON object; several keys in one object are ANDed):
//   {"all": [c...]} {"any": [c...]} {"not": c}
//   {"problem_in": ["kekerasan", ...]}      a reported problem (Masalah) in the list
//   {"age_between": [lo, hi]}               completed years, inclusive
//   {"school_in": ["never","attending","no_longer","unknown"]}
//   {"birth_certificate": b}                Ada_akta_lahir known and equal to b
//   {"has_nik": b}
//   {"disability": b}                       Jenis_cacat != 0
//   {"disability_assisted": b}              Pendamping_disabilitas known and equal to b
//   {"pkh": b}                              NoPesertaPKH present
//   {"dtsen_registered": b}                 Desil present
//   {"decile_max": n}                       registered and decile <= n
//   {"sex": "M"|"F"}
// Loading validates everything; the first error is InvalidArgument with
// reason "screening_rules.<rule>" and a message "line N, rule 'id': ...".

#ifndef ATENSI_SCREENING_SCREENING_RULES_H_
#define ATENSI_SCREENING_SCREENING_RULES_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/lifecycle/case.h"
#include "atensi/roster/roster_record.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

struct ScreeningRule {
  std::string id;
  std::string description;
  std::string source;
  AmpkSet ampk;
  std::vector<ChildPpksType> ppks;
  RiskLevel risk = RiskLevel::kLow;
  bool open_case = false;
};

// What screening concluded for one roster row.
struct ScreeningResult {
  bool screened = false;                      // false for adults (age >= 18)
  std::vector<const ScreeningRule*> matched;  // in rule order
  AmpkSet ampk;
  std::vector<ChildPpksType> ppks;
  std::optional<RiskLevel> risk;  // highest matched risk
  bool open_case = false;         // any matched rule opens a case
};

class ScreeningRuleSet {
 public:
  // Parses and validates a rule set from JSON text.
  static Result<ScreeningRuleSet> Load(std::string_view json_text);
  // The rule set shipped with atensi (data/rules/screening-default.json, compiled in).
  static const ScreeningRuleSet& Default();

  [[nodiscard]] const std::string& version() const;
  [[nodiscard]] Date effective_from() const;
  [[nodiscard]] const std::vector<ScreeningRule>& rules() const;

  // Pure and deterministic. Rules not yet effective at `at` are skipped.
  [[nodiscard]] ScreeningResult Screen(const RosterRecord& row, Date at) const;

  ScreeningRuleSet(ScreeningRuleSet&&) noexcept;
  ScreeningRuleSet& operator=(ScreeningRuleSet&&) noexcept;
  ~ScreeningRuleSet();

 private:
  struct Impl;
  ScreeningRuleSet();
  std::unique_ptr<Impl> impl_;
};

}  // namespace atensi

#endif  // ATENSI_SCREENING_SCREENING_RULES_H_
