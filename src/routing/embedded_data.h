// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Data files compiled into the library by src/routing/CMakeLists.txt
// (file(READ) + configure_file of embedded_data.cpp.in). No runtime file
// dependency: the shipped registry and rule set exist once the library loads.

#ifndef ATENSI_SRC_ROUTING_EMBEDDED_DATA_H_
#define ATENSI_SRC_ROUTING_EMBEDDED_DATA_H_

#include <string_view>

namespace atensi::routing_internal {

// data/agencies/jambi.json
std::string_view EmbeddedAgenciesJson() noexcept;
// data/rules/routing-default.json
std::string_view EmbeddedRulesJson() noexcept;

}  // namespace atensi::routing_internal

#endif  // ATENSI_SRC_ROUTING_EMBEDDED_DATA_H_
