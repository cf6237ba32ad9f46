// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// NIK rules. Structure PP KK CC DD MM YY SSSS per Dukcapil (identifiers.md §1:
// Dukcapil Klaten, "Arti 16 digit NIK"): day 01-31 for men and 41-71 (+40) for
// women, month 01-12, serial from 0001. Permanence: UU 23/2006 art 13 as
// amended by UU 24/2013, PP 40/2019 art 30(2); hence a wrong NIK date is a
// warning against the recorded date, never a correction of it, and historical
// region codes stay acceptable. Where public libraries disagree (century,
// day codes 81-99, serial 0000, stale province tables) this follows the
// recommendations of identifiers.md §3.

#include "atensi/nik.h"

#include <utility>

#include "id_digits.h"

namespace atensi {
namespace {

using id_internal::DigitsValue;
using id_internal::MakeIssue;

constexpr id_internal::IdKind kNik{
    "nik", "NIK",
    "Dukcapil NIK structure PP KK CC DD MM YY SSSS; UU 23/2006 art 13 as amended by UU 24/2013"};

constexpr std::string_view kPermanence =
    "a NIK is permanent and is not reissued when the date in it is wrong; keep the recorded value "
    "(UU 23/2006 art 13 as amended by UU 24/2013; PP 40/2019 art 30(2))";

}  // namespace

Status ParsedNik::ToStatus() const {
  if (errors.empty()) return Status::Ok();
  return InvalidArgument(errors.front().code, "nik", errors.front().message);
}

ParsedNik ParseNik(std::string_view text, Date reference_date,
                   std::optional<Date> recorded_birth_date) {
  ParsedNik out;
  id_internal::Normalized norm = id_internal::NormalizeId16(text, kNik);
  if (norm.error) {
    out.errors.push_back(std::move(*norm.error));
    return out;
  }
  out.digits = std::move(norm.digits);
  const std::string_view d = out.digits;

  out.region = id_internal::CheckRegionPrefix(d, kNik, out.errors, out.warnings);

  // DD: 01-31 male, 41-71 female (day + 40).
  const int day_code = DigitsValue(d, 6, 2);
  int day = 0;
  if (day_code >= 1 && day_code <= 31) {
    out.sex = Sex::kMale;
    day = day_code;
  } else if (day_code >= 41 && day_code <= 71) {
    out.sex = Sex::kFemale;
    day = day_code - 40;
  } else {
    out.errors.push_back(MakeIssue(kNik, "day_range",
                                   "NIK digits 7-8 must be the day of birth 01-31, or 41-71 for "
                                   "a woman (day + 40)"));
  }

  // MM: 01-12.
  const int month = DigitsValue(d, 8, 2);
  if (month < 1 || month > 12) {
    out.errors.push_back(
        MakeIssue(kNik, "month_range", "NIK digits 9-10 must be the month of birth 01-12"));
  }

  // YY and the century.
  const int yy = DigitsValue(d, 10, 2);
  int year = id_internal::PivotYear(yy, reference_date);
  if (recorded_birth_date) {
    const int recorded_year = static_cast<int>(recorded_birth_date->year());
    if (recorded_year % 100 == yy) {
      year = recorded_year;
    } else {
      out.warnings.push_back(MakeIssue(
          kNik, "century_fallback",
          "the recorded birth year does not end in the NIK's year digits, so the century was "
          "taken from the reference date (20YY unless that is after the reference year); " +
              std::string(kPermanence)));
    }
  }

  if (day != 0 && month >= 1 && month <= 12) {
    if (IsValidDate(year, month, day)) {
      out.birth_date = Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                            static_cast<unsigned short>(day));
      if (*out.birth_date > reference_date) {
        out.errors.push_back(MakeIssue(kNik, "future_birth",
                                       "the birth date in the NIK is after the reference date"));
      }
    } else {
      out.errors.push_back(MakeIssue(kNik, "date_invalid",
                                     "NIK digits 7-12 must form a real calendar date (29 February "
                                     "only in leap years)"));
    }
  }

  // SSSS: from 0001.
  out.serial = DigitsValue(d, 12, 4);
  if (out.serial == 0) {
    out.errors.push_back(
        MakeIssue(kNik, "serial_zero", "NIK digits 13-16 are a serial that starts at 0001"));
  }

  out.valid = out.errors.empty();
  return out;
}

Status ValidateNik(std::string_view text, Date reference_date) {
  return ParseNik(text, reference_date).ToStatus();
}

std::vector<IdIssue> CrossCheckNik(const ParsedNik& parsed, std::optional<Sex> recorded_sex,
                                   std::optional<Date> recorded_birth_date) {
  std::vector<IdIssue> warnings;
  if (parsed.sex && recorded_sex && *parsed.sex != *recorded_sex) {
    warnings.push_back(MakeIssue(kNik, "sex_mismatch",
                                 "the sex encoded in the NIK day code (+40 for women) differs "
                                 "from the recorded sex; check the record, " +
                                     std::string(kPermanence)));
  }
  if (parsed.birth_date && recorded_birth_date) {
    const auto a = parsed.birth_date->year_month_day();
    const auto b = recorded_birth_date->year_month_day();
    const bool same = a.day == b.day && a.month == b.month &&
                      static_cast<int>(a.year) % 100 == static_cast<int>(b.year) % 100;
    if (!same) {
      warnings.push_back(MakeIssue(kNik, "birth_date_mismatch",
                                   "the birth date encoded in the NIK differs from the recorded "
                                   "birth date; " +
                                       std::string(kPermanence)));
    }
  }
  return warnings;
}

}  // namespace atensi
