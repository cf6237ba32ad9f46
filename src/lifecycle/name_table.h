// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal: the enum <-> stable name tables of the lifecycle module.

#ifndef ATENSI_SRC_LIFECYCLE_NAME_TABLE_H_
#define ATENSI_SRC_LIFECYCLE_NAME_TABLE_H_

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace atensi::lifecycle_internal {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
constexpr std::string_view LookupName(const NameTable<E, N>& table, E v) noexcept {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
constexpr std::optional<E> ReverseName(const NameTable<E, N>& table, std::string_view s) noexcept {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace atensi::lifecycle_internal

#endif  // ATENSI_SRC_LIFECYCLE_NAME_TABLE_H_
