// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: AgencyRegistry::FromJson (routing/agency_registry.h), the
// loader of the agency registry ("atensi.agencies/1"). Input layout: byte 0
// options (bit 0: generate the per-region social services), 3 bytes a lookup
// date, the rest is the JSON text.
//
// Invariants checked:
//   - loading never throws; a refusal is InvalidArgument with an
//     "agency_registry." reason;
//   - a loaded registry has unique ids in [a-z0-9._-]{1,64}, each found by
//     FindById; every covered region exists in the region table; a parent id
//     names an agency of the registry; coverage periods do not overlap;
//   - FindByType returns agencies of that type in effect that cover the
//     region, and FindFirst returns the first of them that accepts new cases;
//   - loading is deterministic.

#include <cstdint>
#include <set>
#include <string>

#include "atensi/region.h"
#include "atensi/routing/agency_registry.h"
#include "fuzz_input.h"

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const std::uint8_t options = in.Byte();
  const atensi::Date on = in.AnyDate();
  const std::string text(in.Rest());
  const atensi::RegionTable& regions = atensi::RegionTable::Official();
  const bool generate = (options & 1u) != 0;

  auto loaded = atensi::AgencyRegistry::FromJson(text, regions, generate);
  if (!loaded.ok()) {
    const atensi::Status st = loaded.status();
    FUZZ_CHECK(st.code() == atensi::StatusCode::kInvalidArgument);
    FUZZ_CHECK(st.reason().rfind("agency_registry.", 0) == 0);
    FUZZ_CHECK(!st.message().empty());
    return 0;
  }
  const atensi::AgencyRegistry& reg = *loaded;
  std::set<std::string> ids;
  for (const atensi::Agency& a : reg.agencies()) {
    FUZZ_CHECK(!a.id.empty() && a.id.size() <= 64);
    for (char c : a.id) FUZZ_CHECK(IsIdChar(c));
    FUZZ_CHECK(ids.insert(a.id).second);
    FUZZ_CHECK(reg.FindById(a.id) == &a);
    if (!a.parent_id.empty()) FUZZ_CHECK(reg.FindById(a.parent_id) != nullptr);
    for (std::size_t p = 0; p < a.coverage.periods.size(); ++p) {
      const auto& period = a.coverage.periods[p];
      for (const auto& code : period.regions) FUZZ_CHECK(regions.Contains(code));
      if (period.to) FUZZ_CHECK(*period.to >= period.from);
    }
    // Periods do not overlap: at most one is in effect on any day.
    std::size_t in_effect = 0;
    for (const auto& period : a.coverage.periods) in_effect += period.InEffect(on) ? 1u : 0u;
    FUZZ_CHECK(in_effect <= 1);
  }
  // Lookups for each agency's first covered region on `on`.
  std::size_t probes = 0;
  for (const atensi::Agency& a : reg.agencies()) {
    if (++probes > 32) break;  // bounded work per input
    const auto* period = a.coverage.PeriodAt(on);
    if (period == nullptr || period->regions.empty()) continue;
    const atensi::RegionCode region = period->regions.front();
    const auto found = reg.FindByType(a.type, region, on);
    bool self = false;
    for (const atensi::Agency* f : found) {
      FUZZ_CHECK(f->type == a.type);
      FUZZ_CHECK(f->InEffect(on));
      FUZZ_CHECK(f->coverage.Covers(region, on));
      self = self || f == &a;
    }
    if (a.InEffect(on)) FUZZ_CHECK(self);
    const atensi::Agency* first = reg.FindFirst(a.type, region, on);
    const atensi::Agency* expected = nullptr;
    for (const atensi::Agency* f : found) {
      if (f->accepts_new_cases) {
        expected = f;
        break;
      }
    }
    FUZZ_CHECK(first == expected);
  }
  auto again = atensi::AgencyRegistry::FromJson(text, regions, generate);
  FUZZ_CHECK(again.ok() && again->agencies().size() == reg.agencies().size());
  return 0;
}
