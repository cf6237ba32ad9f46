// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal helpers shared by nik.cpp and kk.cpp: input normalisation, the
// region-prefix check and the two-digit-year pivot. Not installed.

#ifndef ATENSI_SRC_IDENTITY_ID_DIGITS_H_
#define ATENSI_SRC_IDENTITY_ID_DIGITS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/id_number.h"

namespace atensi::id_internal {

// Number of digits in a NIK and a No. KK.
inline constexpr std::size_t kIdDigitCount = 16;

// Which number is being checked: gives rule ids, the field name and messages.
struct IdKind {
  std::string_view prefix;  // rule-id prefix and field name: "nik", "kk"
  std::string_view label;   // for messages: "NIK", "No. KK"
  std::string_view source;  // the structure's source, appended to messages
};

// "<prefix>.<rule>" with `message` followed by " (<extra_source>; <source>)".
IdIssue MakeIssue(const IdKind& kind, std::string_view rule, std::string_view message,
                  std::string_view extra_source = {});

// Outcome of NormalizeId16: exactly one of the two is set.
struct Normalized {
  std::string digits;            // the 16 ASCII digits
  std::optional<IdIssue> error;  // "<prefix>.length", ".character" or ".separator"
};

// Trims surrounding ASCII whitespace, then accepts only digits and the
// separators ' ', '.', '-', each of which must stand between two digits.
// Exactly 16 digits must remain. The input is never copied into a message.
Normalized NormalizeId16(std::string_view text, const IdKind& kind);

// The value of digits[pos, pos+n), which must all be ASCII digits.
int DigitsValue(std::string_view digits, std::size_t pos, std::size_t n) noexcept;

// Checks the PP KK CC prefix of 16 normalised digits against the official
// region table: unknown province -> error "<prefix>.province_unknown"; unknown
// regency / district -> warning; resolved only through an alias -> warning
// "<prefix>.region_historical".
IdRegion CheckRegionPrefix(std::string_view digits, const IdKind& kind,
                           std::vector<IdIssue>& errors, std::vector<IdIssue>& warnings);

// The four-digit year for a two-digit year: 2000+yy when that is not after the
// reference year, else 1900+yy.
int PivotYear(int yy, Date reference) noexcept;

}  // namespace atensi::id_internal

#endif  // ATENSI_SRC_IDENTITY_ID_DIGITS_H_
