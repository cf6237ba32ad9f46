// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The compiled-in Kemendagri region table: plain arrays generated at build time
// by tools/gen_region_table.py (see that script for the layout). Internal to
// the region module; use atensi/region.h.

#ifndef ATENSI_SRC_REGION_REGION_TABLE_DATA_H_
#define ATENSI_SRC_REGION_REGION_TABLE_DATA_H_

#include <cstdint>

namespace atensi::region_data {

// One historical code move (data/regions/aliases.csv).
struct AliasRow {
  std::uint64_t old_packed;
  std::uint64_t new_packed;
  const char* legal_basis;
  const char* effective_date;
};

inline constexpr std::uint32_t kEmptySlot = 0xFFFFFFFFu;
inline constexpr std::uint64_t kHashMultiplier = 0x9E3779B97F4A7C15ull;

extern const char kDecree[];                 // "Kepmendagri 300.2.2-2430/2025"
extern const std::uint32_t kRowCount;        // rows, ordered by level then code
extern const std::uint32_t kLevelStart[];    // 5 entries: row index where level 1..4 start, end
extern const std::uint64_t kPacked[];        // packed PPKKCCVVVV code per row
extern const std::uint32_t kFirstChild[];    // row index of the first child (0 when none)
extern const std::uint16_t kChildCount[];    // number of direct children
extern const std::uint32_t kNameOffset[];    // kRowCount + 1 offsets into kNames
extern const char kNames[];                  // UTF-8 names, back to back
extern const std::uint32_t kHashBits;        // hash table has 1 << kHashBits slots
extern const std::uint32_t kHashSlots[];     // row index or kEmptySlot; linear probing
extern const char kNormNames[];              // normalised names, each ended by '.'
extern const std::uint32_t kSearchCount;     // entries in the search index
extern const std::uint32_t kSearchOffset[];  // word-suffix start in kNormNames, sorted
extern const std::uint32_t kSearchRow[];     // row of each search entry
extern const std::uint32_t kAliasCount;
extern const AliasRow kAliases[];

}  // namespace atensi::region_data

#endif  // ATENSI_SRC_REGION_REGION_TABLE_DATA_H_
