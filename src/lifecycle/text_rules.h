// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal: checks on free text and ids shared by the lifecycle module.
//
// Text that reaches a case file must be valid UTF-8 (no overlong forms, no
// surrogates), without control characters (tab and newline allowed in
// multi-line text only) and within a byte limit. Messages never echo the
// text: they name the field and the rule.

#ifndef ATENSI_SRC_LIFECYCLE_TEXT_RULES_H_
#define ATENSI_SRC_LIFECYCLE_TEXT_RULES_H_

#include <cstddef>
#include <string_view>

#include "atensi/status.h"

namespace atensi::lifecycle_internal {

inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxTextBytes = 2000;

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s) noexcept;

// InvalidArgument `reason` on `field` unless min_bytes <= size <= max_bytes,
// valid UTF-8, no control characters (multiline: tab, LF, CR allowed).
Status CheckText(std::string_view text, std::string_view field, std::size_t min_bytes,
                 std::size_t max_bytes, bool multiline, std::string_view reason = "lifecycle.text");

// True for canonical lower-case UUID text "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
bool IsCanonicalUuid(std::string_view s) noexcept;

// InvalidArgument `reason` on `field` unless `id` is canonical UUID text.
Status CheckUuid(std::string_view id, std::string_view field,
                 std::string_view reason = "lifecycle.id_required");

// An opaque external id (agency, person): 1..128 bytes, no control characters;
// empty allowed when `allow_empty`.
Status CheckOpaqueId(std::string_view id, std::string_view field, bool allow_empty);

}  // namespace atensi::lifecycle_internal

#endif  // ATENSI_SRC_LIFECYCLE_TEXT_RULES_H_
