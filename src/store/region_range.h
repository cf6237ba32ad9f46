// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The packed-code range of a region subtree, shared by the storage backends'
// region-filtered queries (caseload, due list).

#ifndef ATENSI_SRC_STORE_REGION_RANGE_H_
#define ATENSI_SRC_STORE_REGION_RANGE_H_

#include <cstdint>
#include <utility>

#include "atensi/region.h"

namespace atensi::store {

// [lo, hi] of the packed codes inside `code`'s subtree, `code` included
// (Permendagri 137/2017 codes PP KK CC VVVV: a lower level only fills the
// trailing groups, so a subtree is one contiguous range).
inline std::pair<std::int64_t, std::int64_t> RegionSubtreeRange(RegionCode code) {
  const auto lo = static_cast<std::int64_t>(code.packed());
  switch (code.level()) {
    case RegionLevel::kProvince:
      return {lo, lo + 100'000'000 - 1};
    case RegionLevel::kRegency:
      return {lo, lo + 1'000'000 - 1};
    case RegionLevel::kDistrict:
      return {lo, lo + 10'000 - 1};
    case RegionLevel::kVillage:
      return {lo, lo};
  }
  return {lo, lo};
}

}  // namespace atensi::store

#endif  // ATENSI_SRC_STORE_REGION_RANGE_H_
