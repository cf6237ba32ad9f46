// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: RuleSet::FromJson (routing/routing_rules.h), the loader of the
// routing rule files ("atensi.routing_rules/1"). Input layout: byte 0 and 1
// seed a CaseFacts (categories, age, flags) used to evaluate every loaded
// rule; the rest is the JSON text.
//
// Invariants checked:
//   - loading never throws; a refusal is InvalidArgument with a
//     "routing_rules." reason;
//   - a loaded set has unique rule ids in [a-z0-9._-], found by FindRule,
//     in non-decreasing evaluation order, each with at least one action and a
//     consistent effective window;
//   - Matches(i, facts) == WhyNot(i, facts).empty() for every rule (the fast
//     and the explaining evaluator agree), and loading is deterministic.

#include <cstdint>
#include <set>
#include <string>

#include "atensi/routing/case_facts.h"
#include "atensi/routing/routing_rules.h"
#include "fuzz_input.h"

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

atensi::CaseFacts FactsFrom(atensi::fuzz::FuzzInput& in) {
  atensi::CaseFacts f;
  const std::uint32_t bits = in.Range(0, 0xFFFFFF);
  f.categories = atensi::AmpkSet::FromBits(bits);
  f.age = static_cast<int>(in.Byte() % 25u);
  const std::uint8_t flags = in.Byte();
  f.has_disability = (flags & 1u) != 0;
  f.pkh_participant = (flags & 2u) != 0;
  f.has_nik = (flags & 4u) != 0;
  f.has_birth_certificate = (flags & 8u) != 0;
  f.economic_hardship = (flags & 16u) != 0;
  f.residential_need = (flags & 32u) != 0;
  f.napza = (flags & 64u) != 0;
  if ((flags & 128u) != 0) f.dtsen_decile = static_cast<int>(bits % 10u) + 1;
  f.risk = static_cast<atensi::RiskLevel>(in.Byte() % 3u + 1u);
  auto code = atensi::RegionCode::Parse("15.03");
  if (code.ok()) f.domicile = *code;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const atensi::CaseFacts facts = FactsFrom(in);
  const std::string text(in.Rest());

  auto loaded = atensi::RuleSet::FromJson(text);
  if (!loaded.ok()) {
    const atensi::Status st = loaded.status();
    FUZZ_CHECK(st.code() == atensi::StatusCode::kInvalidArgument);
    FUZZ_CHECK(st.reason().rfind("routing_rules.", 0) == 0);
    FUZZ_CHECK(!st.message().empty());
    auto again = atensi::RuleSet::FromJson(text);
    FUZZ_CHECK(!again.ok() && again.status().reason() == st.reason());
    return 0;
  }
  const atensi::RuleSet& set = *loaded;
  FUZZ_CHECK(!set.version().empty());
  std::set<std::string> ids;
  int last_order = 0;
  for (std::size_t i = 0; i < set.rules().size(); ++i) {
    const atensi::Rule& r = set.rules()[i];
    FUZZ_CHECK(!r.id.empty());
    for (char c : r.id) FUZZ_CHECK(IsIdChar(c));
    FUZZ_CHECK(ids.insert(r.id).second);
    FUZZ_CHECK(set.FindRule(r.id) == &r);
    if (i > 0) FUZZ_CHECK(r.order >= last_order);
    last_order = r.order;
    FUZZ_CHECK(!r.actions.empty());
    if (r.effective_to) FUZZ_CHECK(*r.effective_to >= r.effective_from);
    for (const auto& a : r.actions) FUZZ_CHECK(a.agency_type.has_value() != !a.agency_id.empty());
    const bool matches = set.Matches(i, facts);
    FUZZ_CHECK(matches == set.WhyNot(i, facts).empty());
  }
  auto again = atensi::RuleSet::FromJson(text);
  FUZZ_CHECK(again.ok() && again->rules().size() == set.rules().size());
  for (std::size_t i = 0; i < set.rules().size(); ++i) {
    FUZZ_CHECK(again->rules()[i].id == set.rules()[i].id);
    FUZZ_CHECK(again->Matches(i, facts) == set.Matches(i, facts));
  }
  return 0;
}
