// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// NIK (Nomor Induk Kependudukan): parsing and validation.
//
// Structure (Dukcapil, identifiers.md §1): 16 digits PP KK CC DD MM YY SSSS.
//   PP KK CC  Kemendagri codes of the province, regency/city and kecamatan where
//             the NIK was FIRST registered. Not the domicile. NEVER derive
//             jurisdiction (which dinas sosial or UPT is responsible) from the
//             NIK prefix: use the recorded address.
//   DD        day of birth 01-31, plus 40 for women (41-71).
//   MM        month 01-12.   YY: last two digits of the year; no century.
//   SSSS      serial assigned by SIAK, starting at 0001.
// The NIK is permanent (UU 23/2006 art 13, as amended by UU 24/2013; PP 40/2019
// art 30(2)): it is not reissued when the person moves, nor when the birth date
// encoded in it is wrong. Hence:
//   - an unknown regency or kecamatan code is a warning, not an error (codes
//     move; the 2022 Papua split moved 91.01 to 93.01);
//   - a NIK date that differs from the recorded birth date is a warning
//     (CrossCheckNik), and the recorded date is never overwritten.
//
// Input normalisation: surrounding ASCII whitespace is trimmed; the separators
// space, '.' and '-' are accepted, each as a single character between two
// digits ("1702 1929 0512 0001", "170219.290512.0001"). Anything else -
// letters, other punctuation, tabs inside, NUL, non-ASCII, a leading or
// doubled separator, more or fewer than 16 digits - is an error on field "nik"
// ("nik.character", "nik.separator", "nik.length"). The input is never copied
// into a message.
//
// Century: the NIK does not store it. When a recorded birth date is supplied
// and its year ends in YY, its century is used; otherwise 20YY when 2000+YY is
// not after the reference year, else 19YY (never 19YY first, identifiers.md
// §3.2). The reference date is always explicit so results are reproducible.

#ifndef ATENSI_NIK_H_
#define ATENSI_NIK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atensi/date.h"
#include "atensi/id_number.h"
#include "atensi/status.h"
#include "atensi/vocabulary.h"

namespace atensi {

// The outcome of ParseNik. Error codes: "nik.length", "nik.character",
// "nik.separator", "nik.province_unknown", "nik.day_range", "nik.month_range",
// "nik.date_invalid", "nik.future_birth", "nik.serial_zero". Warning codes:
// "nik.regency_unknown", "nik.district_unknown", "nik.region_historical",
// "nik.century_fallback".
struct ParsedNik {
  // True when `errors` is empty (warnings do not make a NIK invalid).
  bool valid = false;
  // The 16 digits without separators; empty when the input was not 16 digits.
  std::string digits;
  // Decoded whenever the fields allow, even when the NIK is invalid for
  // another reason (e.g. serial 0000 or an unknown province): sex needs a day
  // code in 01-31 / 41-71, the birth date also a real calendar date.
  std::optional<Sex> sex;
  std::optional<Date> birth_date;
  IdRegion region;  // first-registration region (see IdRegion)
  int serial = 0;   // SSSS; 0 when not decoded
  std::vector<IdIssue> errors;
  std::vector<IdIssue> warnings;

  // OK when valid; otherwise the first error as InvalidArgument with its code
  // as reason and field "nik".
  [[nodiscard]] Status ToStatus() const;
};

// Parses and validates `text` as a NIK at `reference_date` (normally today in
// the caller's time zone: a birth date after it is an error). When
// `recorded_birth_date` is given (KK, akta kelahiran, case file), its century is
// used for YY if its year ends in YY; if not, the pivot is used and a
// "nik.century_fallback" warning is added. Never fails: all findings are in
// the result.
ParsedNik ParseNik(std::string_view text, Date reference_date,
                   std::optional<Date> recorded_birth_date = std::nullopt);

// Shorthand for ParseNik(text, reference_date).ToStatus().
Status ValidateNik(std::string_view text, Date reference_date);

// Compares a parsed NIK with the recorded sex and birth date. Returns warnings
// only, never errors, and changes nothing: a NIK whose date is wrong is not
// reissued (PP 40/2019 art 30(2); UU 23/2006 art 13), so the recorded values
// stay authoritative. Codes: "nik.sex_mismatch", "nik.birth_date_mismatch".
// The date comparison uses day, month and the last two digits of the year,
// because the century is not part of the NIK. A field that is absent on either
// side is not compared.
std::vector<IdIssue> CrossCheckNik(const ParsedNik& parsed, std::optional<Sex> recorded_sex,
                                   std::optional<Date> recorded_birth_date);

}  // namespace atensi

#endif  // ATENSI_NIK_H_
