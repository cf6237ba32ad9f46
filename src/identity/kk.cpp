// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// No. KK rules. Structure PP KK CC DD MM YY SSSS per the Dukcapil composition
// text quoted in identifiers.md §1 (region code of issuance + date of
// recording + family serial), checked as recommended in identifiers.md §5:
// known province, regency/kecamatan unknown only a warning, day 01-31 with no
// +40 rule, month 01-12, a real date not after the reference date (century
// pivot as for the NIK), serial from 0001. The NIK-in-KK-field cross-checks
// are not in any public library; they catch the common data-entry errors
// noted there.

#include "atensi/kk.h"

#include <utility>

#include "id_digits.h"

namespace atensi {
namespace {

using id_internal::DigitsValue;
using id_internal::MakeIssue;

constexpr id_internal::IdKind kKk{
    "kk", "No. KK",
    "Dukcapil No. KK structure PP KK CC DD MM YY SSSS: issuing kecamatan, recording date, "
    "family serial"};

constexpr id_internal::IdKind kMemberNik{"nik", "NIK", "Dukcapil NIK structure"};

}  // namespace

Status ParsedKk::ToStatus() const {
  if (errors.empty()) return Status::Ok();
  return InvalidArgument(errors.front().code, "kk", errors.front().message);
}

ParsedKk ParseKk(std::string_view text, Date reference_date) {
  ParsedKk out;
  id_internal::Normalized norm = id_internal::NormalizeId16(text, kKk);
  if (norm.error) {
    out.errors.push_back(std::move(*norm.error));
    return out;
  }
  out.digits = std::move(norm.digits);
  const std::string_view d = out.digits;

  out.region = id_internal::CheckRegionPrefix(d, kKk, out.errors, out.warnings);

  const int day = DigitsValue(d, 6, 2);
  const bool day_ok = day >= 1 && day <= 31;
  if (!day_ok) {
    out.errors.push_back(MakeIssue(kKk, "day_range",
                                   "No. KK digits 7-8 must be the day of recording 01-31; there "
                                   "is no +40 rule in a No. KK"));
    if (day >= 41 && day <= 71) {
      out.warnings.push_back(MakeIssue(kKk, "looks_like_nik",
                                       "No. KK day code 41-71 is a woman's NIK birth-day code; a "
                                       "NIK was probably entered in the No. KK field"));
    }
  }

  const int month = DigitsValue(d, 8, 2);
  const bool month_ok = month >= 1 && month <= 12;
  if (!month_ok) {
    out.errors.push_back(
        MakeIssue(kKk, "month_range", "No. KK digits 9-10 must be the month of recording 01-12"));
  }

  const int year = id_internal::PivotYear(DigitsValue(d, 10, 2), reference_date);
  if (day_ok && month_ok) {
    if (IsValidDate(year, month, day)) {
      out.recorded_on = Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                             static_cast<unsigned short>(day));
      if (*out.recorded_on > reference_date) {
        out.errors.push_back(MakeIssue(
            kKk, "future_date", "the recording date in the No. KK is after the reference date"));
      }
    } else {
      out.errors.push_back(MakeIssue(kKk, "date_invalid",
                                     "No. KK digits 7-12 must form a real calendar date (29 "
                                     "February only in leap years)"));
    }
  }

  out.serial = DigitsValue(d, 12, 4);
  if (out.serial == 0) {
    out.errors.push_back(MakeIssue(kKk, "serial_zero",
                                   "No. KK digits 13-16 are a family serial that starts at 0001"));
  }

  out.valid = out.errors.empty();
  return out;
}

Status ValidateKk(std::string_view text, Date reference_date) {
  return ParseKk(text, reference_date).ToStatus();
}

std::vector<IdIssue> CheckKkAgainstMembers(const ParsedKk& kk,
                                           std::span<const std::string> member_niks) {
  std::vector<IdIssue> warnings;
  if (kk.digits.empty()) return warnings;
  for (std::size_t i = 0; i < member_niks.size(); ++i) {
    id_internal::Normalized nik = id_internal::NormalizeId16(member_niks[i], kMemberNik);
    if (nik.error || nik.digits != kk.digits) continue;
    warnings.push_back(MakeIssue(kKk, "equals_member_nik",
                                 "the No. KK equals the NIK of family member " +
                                     std::to_string(i + 1) +
                                     "; a NIK was probably entered in the No. KK field, the two "
                                     "are different numbers"));
  }
  return warnings;
}

}  // namespace atensi
