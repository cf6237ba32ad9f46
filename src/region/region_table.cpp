// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The official region table: Kepmendagri 300.2.2-2138/2025 as amended by
// 300.2.2-2430/2025 (38 provinces, 416 kabupaten, 98 kota, 7,285 kecamatan,
// 8,496 kelurahan, 75,266 desa incl. 14 desa adat), compiled into the library
// by tools/gen_region_table.py. Lookups read static arrays: nothing is loaded
// or built at startup, so the table answers from the first instruction of main.
//
// Historical codes: the 2022 Papua split moved regencies to new provinces
// (UU 14/2022 Papua Selatan, UU 15/2022 Papua Tengah, UU 16/2022 Papua
// Pegunungan, UU 29/2022 Papua Barat Daya). A NIK keeps the region code it was
// issued with, so the old codes are kept as aliases (data/regions/aliases.csv).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atensi/region.h"
#include "region/region_table_data.h"

namespace atensi {
namespace {

namespace rd = region_data;

std::optional<std::uint32_t> FindRow(std::uint64_t packed) noexcept {
  const std::uint32_t bits = rd::kHashBits;
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  std::uint64_t slot = (packed * rd::kHashMultiplier) >> (64 - bits);
  while (true) {
    const std::uint32_t row = rd::kHashSlots[slot];
    if (row == rd::kEmptySlot) return std::nullopt;
    if (rd::kPacked[row] == packed) return row;
    slot = (slot + 1) & mask;
  }
}

std::vector<RegionAlias> BuildAliases() {
  std::vector<RegionAlias> out;
  out.reserve(rd::kAliasCount);
  for (std::uint32_t i = 0; i < rd::kAliasCount; ++i) {
    const rd::AliasRow& a = rd::kAliases[i];
    const std::optional<RegionCode> old_code = RegionCode::FromPacked(a.old_packed);
    const std::optional<RegionCode> new_code = RegionCode::FromPacked(a.new_packed);
    // The generator validated both codes; a failure here would be a generator bug.
    if (!old_code || !new_code) continue;
    out.push_back(RegionAlias{*old_code, *new_code, a.legal_basis, a.effective_date});
  }
  return out;
}

const std::vector<RegionAlias>& Aliases() {
  static const std::vector<RegionAlias> aliases = BuildAliases();
  return aliases;
}

}  // namespace

const RegionTable& RegionTable::Official() {
  static const RegionTable table;
  return table;
}

Region RegionTable::RegionAt(std::uint32_t row) noexcept {
  RegionLevel level = RegionLevel::kVillage;
  for (int l = 1; l <= 4; ++l) {
    if (row < rd::kLevelStart[l]) {
      level = static_cast<RegionLevel>(l);
      break;
    }
  }
  const RegionCode code(rd::kPacked[row], level);
  const std::uint32_t begin = rd::kNameOffset[row];
  const std::uint32_t end = rd::kNameOffset[row + 1];
  return Region{code, std::string_view(rd::kNames + begin, end - begin), code.kind(),
                rd::kChildCount[row]};
}

std::string_view RegionTable::decree() const noexcept { return rd::kDecree; }

std::size_t RegionTable::size() const noexcept { return rd::kRowCount; }

std::size_t RegionTable::count(RegionLevel level) const noexcept {
  const int l = static_cast<int>(level);
  if (l < 1 || l > 4) return 0;
  return rd::kLevelStart[l] - rd::kLevelStart[l - 1];
}

std::optional<Region> RegionTable::Find(RegionCode code) const noexcept {
  const std::optional<std::uint32_t> row = FindRow(code.packed());
  if (!row) return std::nullopt;
  return RegionAt(*row);
}

Result<Region> RegionTable::Lookup(std::string_view text, std::string_view field) const {
  ATENSI_ASSIGN_OR_RETURN(const RegionCode code, RegionCode::Parse(text, field));
  std::optional<Region> region = Find(code);
  if (!region) {
    return NotFound("region.unknown", std::string(field),
                    "The region code is well-formed but is not in the official table (" +
                        std::string(decree()) + ").");
  }
  return *region;
}

std::optional<std::pair<RegionCode, RegionAlias>> RegionTable::ResolveAlias(RegionCode code) const {
  for (const RegionAlias& alias : Aliases()) {
    if (!alias.old_code.Contains(code)) continue;
    // Same-level codes: swap the prefix, keep the trailing groups.
    const std::uint64_t packed = code.packed() - alias.old_code.packed() + alias.new_code.packed();
    return std::make_pair(RegionCode(packed, code.level()), alias);
  }
  return std::nullopt;
}

std::span<const RegionAlias> RegionTable::aliases() const noexcept { return Aliases(); }

bool RegionTable::IsKnownProvince(int province_part) const noexcept {
  if (province_part < 1 || province_part > 99) return false;
  const std::uint64_t packed = static_cast<std::uint64_t>(province_part) * 100000000u;
  if (FindRow(packed)) return true;
  for (const RegionAlias& alias : Aliases()) {
    if (alias.old_code.province_part() == province_part) return true;
  }
  return false;
}

std::vector<Region> RegionTable::Children(RegionCode code) const {
  std::vector<Region> out;
  const std::optional<std::uint32_t> row = FindRow(code.packed());
  if (!row) return out;
  const std::uint32_t first = rd::kFirstChild[*row];
  const std::uint32_t n = rd::kChildCount[*row];
  out.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) out.push_back(RegionAt(first + i));
  return out;
}

std::vector<Region> RegionTable::Provinces() const {
  std::vector<Region> out;
  out.reserve(rd::kLevelStart[1]);
  for (std::uint32_t row = rd::kLevelStart[0]; row < rd::kLevelStart[1]; ++row) {
    out.push_back(RegionAt(row));
  }
  return out;
}

}  // namespace atensi
