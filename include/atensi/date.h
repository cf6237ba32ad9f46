// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Calendar dates and ages.
//
// Dates are boost::gregorian::date. Boost throws on impossible dates, so atensi
// never builds a date from untrusted parts directly: MakeDate and ParseIsoDate
// validate first and return a Result naming the field.
//
// Age and childhood. UU 35/2014 art 1(1): "Anak adalah seseorang yang belum
// berusia 18 (delapan belas) tahun, termasuk anak yang masih dalam kandungan."
// A person is a child while their age in whole years is below 18. Age is
// counted in completed years; a person born on 29 February completes a year on
// 1 March in common years (they have not yet lived the full year on 28
// February). Indonesian law does not settle the 29 February case; this choice
// is the conservative one for a child-protection system, since it keeps the
// person a child for the extra day.

#ifndef ATENSI_DATE_H_
#define ATENSI_DATE_H_

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <string>
#include <string_view>

#include "atensi/status.h"

namespace atensi {

using Date = boost::gregorian::date;

// Age of majority for child protection, UU 35/2014 art 1(1).
inline constexpr int kAgeOfMajority = 18;

// True when y-m-d is a real Gregorian date (29 Feb only in leap years), year 1400..9999.
bool IsValidDate(int year, int month, int day) noexcept;
bool IsLeapYear(int year) noexcept;

// Builds a date; InvalidArgument "date.invalid" naming `field` if it does not exist.
Result<Date> MakeDate(int year, int month, int day, std::string_view field = "date");

// Parses exactly "YYYY-MM-DD". Rejects 0000-00-00, 2026-02-30, trailing text.
Result<Date> ParseIsoDate(std::string_view text, std::string_view field = "date");

// "YYYY-MM-DD".
std::string FormatIsoDate(Date d);

// The date on which someone born on `birth` completes `years` years
// (29 Feb -> 1 Mar in common years). Clamped to the calendar's edges
// (1400-01-01 .. 9999-12-31) instead of throwing when it falls outside them.
Date AnniversaryOf(Date birth, int years);

// Completed years of age at `at`. Negative when `at` is before `birth`.
int AgeInYears(Date birth, Date at);

// UU 35/2014 art 1(1): under 18 at `at`. A date before birth counts as a child
// (the unborn are children under the same article).
bool IsChildAt(Date birth, Date at);

// The day the person turns 18 (no longer a child from this date on).
Date AgeOutDate(Date birth);

}  // namespace atensi

#endif  // ATENSI_DATE_H_
