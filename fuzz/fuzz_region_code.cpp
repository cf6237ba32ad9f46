// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target: RegionCode::Parse, RegionTable::Find / Lookup / ResolveAlias /
// Children and SearchByName (region.h). Input layout: byte 0 options (search
// limit, level filter), the rest is the text, used both as a code and, cut to
// 64 bytes, as a name query.
//
// Invariants checked (Permendagri 137/2017 codification):
//   - Parse succeeds or fails with InvalidArgument "region.format" naming the
//     field; a parsed code round-trips through dotted(), undotted() and its
//     packed value; its parts agree with its level (lower groups are 0);
//   - parent()/AncestorAt()/Contains() are consistent;
//   - Lookup(text) == Parse + Find; a found region carries the same code, and
//     its children are one level down, inside it, in code order;
//   - ResolveAlias maps to a code of the same level, and the new regency of a
//     mapped code exists in today's table;
//   - SearchByName returns at most `limit` existing regions, ordered by level
//     then code, honouring the level filter, and is deterministic.

#include <cstdint>
#include <optional>
#include <string>

#include "atensi/region.h"
#include "fuzz_input.h"

namespace {

using atensi::Region;
using atensi::RegionCode;
using atensi::RegionLevel;
using atensi::RegionTable;

int LevelNumber(RegionLevel l) { return static_cast<int>(l); }

void CheckCode(const RegionCode& code) {
  const RegionTable& table = RegionTable::Official();
  // Round trips.
  auto dotted = RegionCode::Parse(code.dotted());
  FUZZ_CHECK(dotted.ok() && *dotted == code);
  auto undotted = RegionCode::Parse(code.undotted());
  FUZZ_CHECK(undotted.ok() && *undotted == code);
  auto packed = RegionCode::FromPacked(code.packed());
  FUZZ_CHECK(packed.has_value() && *packed == code);
  FUZZ_CHECK(code.dotted().size() == std::string("PP.KK.CC.VVVV").size() ||
             code.level() != RegionLevel::kVillage);

  // Parts and level.
  FUZZ_CHECK(code.province_part() >= 1 && code.province_part() <= 99);
  const int level = LevelNumber(code.level());
  FUZZ_CHECK((code.regency_part() != 0) == (level >= 2));
  FUZZ_CHECK((code.district_part() != 0) == (level >= 3));
  FUZZ_CHECK((code.village_part() != 0) == (level >= 4));
  FUZZ_CHECK(code.Contains(code));

  // Ancestry.
  auto parent = code.parent();
  FUZZ_CHECK(parent.has_value() == (level > 1));
  if (parent) {
    FUZZ_CHECK(LevelNumber(parent->level()) == level - 1);
    FUZZ_CHECK(parent->Contains(code));
    FUZZ_CHECK(!code.Contains(*parent));
    FUZZ_CHECK(code.AncestorAt(parent->level()) == *parent);
  }
  const auto ancestors = code.ancestors();
  FUZZ_CHECK(ancestors.size() == static_cast<std::size_t>(level - 1));
  for (std::size_t i = 0; i < ancestors.size(); ++i) {
    FUZZ_CHECK(LevelNumber(ancestors[i].level()) == static_cast<int>(i) + 1);
    FUZZ_CHECK(ancestors[i].Contains(code));
  }

  // Table.
  const std::optional<Region> found = table.Find(code);
  if (found) {
    FUZZ_CHECK(found->code == code);
    FUZZ_CHECK(!found->name.empty());
    if (parent) FUZZ_CHECK(table.Contains(*parent));
    const auto children = table.Children(code);
    FUZZ_CHECK(children.size() == found->child_count);
    for (std::size_t i = 0; i < children.size(); ++i) {
      FUZZ_CHECK(children[i].code.parent() == code);
      if (i > 0) FUZZ_CHECK(children[i - 1].code < children[i].code);
    }
  } else {
    FUZZ_CHECK(table.Children(code).empty());
  }
  const auto alias = table.ResolveAlias(code);
  if (alias) {
    FUZZ_CHECK(alias->first.level() == code.level());
    FUZZ_CHECK(alias->second.old_code.Contains(code));
    FUZZ_CHECK(alias->second.new_code.Contains(alias->first));
    FUZZ_CHECK(table.Contains(alias->second.new_code));
    FUZZ_CHECK(!alias->second.legal_basis.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atensi::fuzz::FuzzInput in(data, size);
  const std::uint8_t options = in.Byte();
  const std::string text(in.Rest());
  const RegionTable& table = RegionTable::Official();

  auto parsed = RegionCode::Parse(text, "kode");
  auto looked_up = table.Lookup(text, "kode");
  if (parsed.ok()) {
    CheckCode(*parsed);
    const auto found = table.Find(*parsed);
    FUZZ_CHECK(looked_up.ok() == found.has_value());
    if (looked_up.ok()) {
      FUZZ_CHECK(looked_up->code == *parsed);
    } else {
      FUZZ_CHECK(looked_up.status().reason() == "region.unknown");
      FUZZ_CHECK(looked_up.status().field() == "kode");
    }
  } else {
    FUZZ_CHECK(parsed.status().code() == atensi::StatusCode::kInvalidArgument);
    FUZZ_CHECK(parsed.status().reason() == "region.format");
    FUZZ_CHECK(parsed.status().field() == "kode");
    FUZZ_CHECK(!looked_up.ok());
    FUZZ_CHECK(looked_up.status().reason() == "region.format");
  }

  // Name search: the first 64 bytes as a query.
  const std::string query = text.substr(0, 64);
  const std::size_t limit = (options & 0x0Fu) + 1u;
  std::optional<RegionLevel> level;
  if ((options & 0x30u) != 0) level = static_cast<RegionLevel>(((options >> 4) & 0x3u) + 1);
  std::optional<RegionCode> within;
  if ((options & 0x40u) != 0 && parsed.ok()) within = *parsed;
  const std::vector<Region> hits = table.SearchByName(query, limit, level, within);
  FUZZ_CHECK(hits.size() <= limit);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    FUZZ_CHECK(table.Contains(hits[i].code));
    if (level) FUZZ_CHECK(hits[i].code.level() == *level);
    if (within) FUZZ_CHECK(within->Contains(hits[i].code));
    if (i > 0) {
      const auto a = hits[i - 1].code;
      const auto b = hits[i].code;
      FUZZ_CHECK(a.level() < b.level() || (a.level() == b.level() && a < b));
    }
  }
  const std::vector<Region> again = table.SearchByName(query, limit, level, within);
  FUZZ_CHECK(again.size() == hits.size());
  for (std::size_t i = 0; i < hits.size(); ++i) FUZZ_CHECK(again[i].code == hits[i].code);
  return 0;
}
