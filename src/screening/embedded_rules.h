// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// The shipped screening rule set, compiled in from
// data/rules/screening-default.json (no runtime file dependency).

#ifndef ATENSI_SRC_SCREENING_EMBEDDED_RULES_H_
#define ATENSI_SRC_SCREENING_EMBEDDED_RULES_H_

#include <string_view>

namespace atensi::screening_internal {

std::string_view DefaultScreeningRulesJson() noexcept;

}  // namespace atensi::screening_internal

#endif  // ATENSI_SRC_SCREENING_EMBEDDED_RULES_H_
