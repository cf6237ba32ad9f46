// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared fixtures for the routing tests: the shipped registry and rules,
// region codes and dates by text, and a builder for case facts.

#ifndef ATENSI_TESTS_ROUTING_ROUTING_TEST_UTIL_H_
#define ATENSI_TESTS_ROUTING_ROUTING_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "atensi/region.h"
#include "atensi/routing/agency_registry.h"
#include "atensi/routing/case_facts.h"
#include "atensi/routing/routing_rules.h"

namespace atensi::testing_util {

inline RegionCode Code(std::string_view text) {
  auto c = RegionCode::Parse(text);
  if (!c.ok()) {
    ADD_FAILURE() << "bad region code in test: " << text;
    std::abort();
  }
  return *c;
}

inline Date D(std::string_view text) {
  auto d = ParseIsoDate(text);
  if (!d.ok()) std::abort();
  return *d;
}

inline const AgencyRegistry& DefaultRegistry() {
  static const AgencyRegistry* reg = [] {
    auto r = AgencyRegistry::Default(RegionTable::Official());
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return new AgencyRegistry(std::move(r).value());
  }();
  return *reg;
}

inline const RuleSet& DefaultRules() {
  static const RuleSet* rules = [] {
    auto r = RuleSet::Default();
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return new RuleSet(std::move(r).value());
  }();
  return *rules;
}

// A child aged 10 in Kabupaten Sarolangun (15.03) with NIK and birth
// certificate, not in PKH, no category: the neutral baseline.
inline CaseFacts BaseFacts() {
  CaseFacts f;
  f.age = 10;
  f.has_nik = true;
  f.has_birth_certificate = true;
  f.dtsen_decile = 3;
  f.domicile = Code("15.03.01.2001");
  return f;
}

// The routing date used by most tests: after the 2020 audience, inside the
// confirmed 2020-2021 working area of Alyatama.
inline Date RouteDay() { return D("2021-03-01"); }

}  // namespace atensi::testing_util

#endif  // ATENSI_TESTS_ROUTING_ROUTING_TEST_UTIL_H_
