// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/lifecycle/command.h"

namespace atensi {

Action ActionOf(const Command& command) noexcept {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kAction; }, command);
}

}  // namespace atensi

namespace atensi {
namespace {

template <std::size_t... I>
constexpr bool AlternativesFollowActionOrder(std::index_sequence<I...>) {
  return ((static_cast<std::size_t>(std::variant_alternative_t<I, Command>::kAction) == I + 1) &&
          ...);
}
static_assert(std::variant_size_v<Command> == static_cast<std::size_t>(kActionCount),
              "one Command alternative per Action");
static_assert(AlternativesFollowActionOrder(
                  std::make_index_sequence<static_cast<std::size_t>(kActionCount)>{}),
              "Command alternatives must follow Action order");

}  // namespace
}  // namespace atensi
