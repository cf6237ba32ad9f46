// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0

#include "atensi/date.h"

#include <charconv>
#include <cstdio>

namespace atensi {

bool IsLeapYear(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsValidDate(int year, int month, int day) noexcept {
  // Boost.Date_Time supports 1400..9999.
  if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[month - 1];
  if (month == 2 && IsLeapYear(year)) max = 29;
  return day <= max;
}

Result<Date> MakeDate(int year, int month, int day, std::string_view field) {
  if (!IsValidDate(year, month, day)) {
    return InvalidArgument("date.invalid", std::string(field),
                           "not a real calendar date (year 1400-9999, month 01-12, day within "
                           "the month; 29 February only in leap years)");
  }
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(day));
}

namespace {
bool ParseDigits(std::string_view s, int& out) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

Result<Date> ParseIsoDate(std::string_view text, std::string_view field) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text.substr(0, 4), y) ||
      !ParseDigits(text.substr(5, 2), m) || !ParseDigits(text.substr(8, 2), d)) {
    return InvalidArgument("date.format", std::string(field),
                           "a date must be written YYYY-MM-DD (ISO 8601)");
  }
  return MakeDate(y, m, d, field);
}

std::string FormatIsoDate(Date d) {
  char buf[32];
  auto ymd = d.year_month_day();
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(ymd.year),
                static_cast<int>(ymd.month), static_cast<int>(ymd.day));
  return buf;
}

Date AnniversaryOf(Date birth, int years) {
  auto ymd = birth.year_month_day();
  int y = static_cast<int>(ymd.year) + years;
  // Boost's calendar ends at 9999-12-31 and starts at 1400-01-01; an
  // anniversary outside it is clamped to the edge rather than thrown (a birth
  // in 9990 ages out "never" within the calendar atensi can store).
  if (y > 9999) return Date(boost::gregorian::max_date_time);
  if (y < 1400) return Date(boost::gregorian::min_date_time);
  int m = ymd.month;
  int d = ymd.day;
  if (m == 2 && d == 29 && !IsLeapYear(y)) {
    m = 3;
    d = 1;
  }
  return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
              static_cast<unsigned short>(d));
}

int AgeInYears(Date birth, Date at) {
  if (at < birth) return -1;
  int years = static_cast<int>(at.year()) - static_cast<int>(birth.year());
  if (years > 0 && at < AnniversaryOf(birth, years)) --years;
  return years;
}

bool IsChildAt(Date birth, Date at) { return AgeInYears(birth, at) < kAgeOfMajority; }

Date AgeOutDate(Date birth) { return AnniversaryOf(birth, kAgeOfMajority); }

}  // namespace atensi
