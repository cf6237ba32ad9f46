// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// No. KK (Nomor Kartu Keluarga, family card number): parsing and validation.
//
// Structure (Dukcapil composition text, identifiers.md §1 and §5): 16 digits
// PP KK CC DD MM YY SSSS.
//   PP KK CC  Kemendagri code of the kecamatan that issued the KK. Not the
//             family's domicile: never derive jurisdiction from it.
//   DD MM YY  the date the KK was recorded ("tanggal pencatatan"). There is NO
//             +40 rule: a day code 41-71 is an error, and it is also reported
//             as the warning "kk.looks_like_nik" because it usually means a
//             woman's NIK was typed into the KK field.
//   SSSS      family serial ("nomor seri keluarga"), from 0001.
// The century is taken as for the NIK: 20YY when that is not after the
// reference year, else 19YY (so "3273012501990001" is recorded 1999-01-25,
// not 2099). A recording date after the reference date is an error.
//
// A KK number is not a stable family key: it changes when the head of family
// changes or the family splits (detik.com 2025-08-05 quoting Dukcapil;
// atensi.md §10.2). Store KK history with validity dates.
//
// Input normalisation is the same as for the NIK (nik.h): trimmed, separators
// space / '.' / '-' between digits only, exactly 16 digits, errors on field
// "kk" ("kk.length", "kk.character", "kk.separator").

#ifndef ATENSI_KK_H_
#define ATENSI_KK_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/id_number.h"
#include "atensi/status.h"

namespace atensi {

// The outcome of ParseKk. Error codes: "kk.length", "kk.character",
// "kk.separator", "kk.province_unknown", "kk.day_range", "kk.month_range",
// "kk.date_invalid", "kk.future_date", "kk.serial_zero". Warning codes:
// "kk.regency_unknown", "kk.district_unknown", "kk.region_historical",
// "kk.looks_like_nik".
struct ParsedKk {
  // True when `errors` is empty.
  bool valid = false;
  // The 16 digits without separators; empty when the input was not 16 digits.
  std::string digits;
  // The recording date, when DD MM YY form a real date (even if in the future).
  std::optional<Date> recorded_on;
  IdRegion region;  // issuing kecamatan (see IdRegion)
  int serial = 0;   // SSSS; 0 when not decoded
  std::vector<IdIssue> errors;
  std::vector<IdIssue> warnings;

  // OK when valid; otherwise the first error as InvalidArgument with its code
  // as reason and field "kk".
  [[nodiscard]] Status ToStatus() const;
};

// Parses and validates `text` as a No. KK at `reference_date`. Never fails:
// all findings are in the result.
ParsedKk ParseKk(std::string_view text, Date reference_date);

// Shorthand for ParseKk(text, reference_date).ToStatus().
Status ValidateKk(std::string_view text, Date reference_date);

// Warns "kk.equals_member_nik" once for each member NIK (raw text, normalised
// like ParseNik's input) whose digits equal the KK's: a NIK typed into the KK
// field is a common data-entry error. The message gives the member's 1-based
// position, never the number. Member entries that do not normalise to 16
// digits are skipped; an unparsed KK yields no warnings.
std::vector<IdIssue> CheckKkAgainstMembers(const ParsedKk& kk,
                                           std::span<const std::string> member_niks);

}  // namespace atensi

#endif  // ATENSI_KK_H_
